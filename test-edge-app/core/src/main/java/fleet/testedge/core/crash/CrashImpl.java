package fleet.testedge.core.crash;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Test.Crash}: lets a test crash one edge on purpose. After {@code afterCycles} cycles its
 * own thread stops the whole framework (system bundle) and then dies with an {@link Error}, so the
 * host sees a framework that stopped without being asked. Never calls System.exit.
 */
@Component(name = CrashImpl.PID, configurationPid = CrashImpl.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = { CycleListener.class, TestEdgeComponent.class })
public class CrashImpl implements CycleListener, TestEdgeComponent {

    static final String PID = "Test.Crash";
    private static final Logger LOG = Logger.getLogger("fleet.testedge." + PID);

    public @interface Config {
        String id() default "crash0";

        int afterCycles() default 5;
    }

    private final CountDownLatch due = new CountDownLatch(1);
    private final AtomicLong cyclesSeen = new AtomicLong();
    private String id;
    private long afterCycles;
    private Thread thread;

    @Activate
    void activate(BundleContext context, Config config) {
        if (config.afterCycles() < 0) {
            throw new IllegalArgumentException(PID + " [" + config.id() + "]: afterCycles must be 0 or more, got "
                    + config.afterCycles());
        }
        id = config.id();
        afterCycles = config.afterCycles();
        if (afterCycles == 0) {
            due.countDown();
        }
        thread = new Thread(() -> crashWhenDue(context), PID + "[" + id + "]");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }

    @Override
    public void onCycle(MeasuredCycleTime cycle) {
        if (cyclesSeen.incrementAndGet() >= afterCycles) {
            due.countDown();
        }
    }

    @Override
    public String id() {
        return id;
    }

    private void crashWhenDue(BundleContext context) {
        try {
            due.await();
        } catch (InterruptedException e) {
            return; // deactivated before it was due
        }
        LOG.warning(PID + " [" + id + "]: stopping this framework on purpose after " + afterCycles + " cycles");
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.WARNING, PID + " [" + id + "]: could not stop the framework: " + e, e);
        }
        throw new Error(PID + " [" + id + "]: crashed on purpose after " + afterCycles + " cycles");
    }
}
