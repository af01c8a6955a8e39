package fleet.testedge.core.cycle;

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import fleet.testedge.core.api.Cycle;
import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Core.Cycle}: one thread that runs a cycle every {@code cycleTime} ms and calls every
 * {@link CycleListener}. Like OpenEMS it runs without a configuration too (policy optional). The
 * default {@code service.pid} property makes the service look configured from the start (OpenEMS
 * creates its Core singleton configurations itself), so a probe finds it by {@code (service.pid=Core.Cycle)}
 * whether or not config.d holds a {@code Core/Cycle.config}.
 */
@Component(name = CycleImpl.PID, configurationPid = CycleImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = { Cycle.class, TestEdgeComponent.class },
        property = { "id=_cycle", "service.pid=" + CycleImpl.PID })
public class CycleImpl implements Cycle, TestEdgeComponent {

    static final String PID = "Core.Cycle";
    /**
     * Every cycle of every Core.Cycle that ran with this class. A static field, so a test can see
     * whether an edge's classes are its own: per edge, it counts only that edge's cycles.
     */
    public static final java.util.concurrent.atomic.AtomicLong CYCLES_OF_THIS_CLASS = new java.util.concurrent.atomic.AtomicLong();
    private static final Logger LOG = Logger.getLogger("fleet.testedge." + PID);

    public @interface Config {
        int cycleTime() default 1000;
    }

    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int cycleTimeMillis;
    private volatile MeasuredCycleTime latest = MeasuredCycleTime.NONE;
    private volatile boolean running;
    private Thread thread;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(CycleListener listener) {
        listeners.add(listener);
    }

    void removeListener(CycleListener listener) {
        listeners.remove(listener);
    }

    @Activate
    void activate(Config config) {
        cycleTimeMillis = validCycleTime(config);
        running = true;
        thread = new Thread(this::run, PID);
        thread.setDaemon(true);
        thread.start();
    }

    @Modified
    void modified(Config config) {
        cycleTimeMillis = validCycleTime(config);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    @Override
    public MeasuredCycleTime getMeasuredCycleTime() {
        return latest;
    }

    @Override
    public long cycleCount() {
        return latest.getCycleCount();
    }

    @Override
    public String id() {
        return "_cycle";
    }

    private static int validCycleTime(Config config) {
        if (config.cycleTime() < 1) {
            throw new IllegalArgumentException(PID + ": cycleTime must be at least 1 ms, got " + config.cycleTime());
        }
        return config.cycleTime();
    }

    private void run() {
        long previousStart = 0;
        long count = 0;
        while (running) {
            long start = System.nanoTime();
            long measured = count == 0 ? cycleTimeMillis : TimeUnit.NANOSECONDS.toMillis(start - previousStart);
            previousStart = start;
            count++;
            CYCLES_OF_THIS_CLASS.incrementAndGet();
            MeasuredCycleTime cycle = new MeasuredCycleTime(LocalDateTime.now(), measured, count);
            latest = cycle;
            for (CycleListener listener : listeners) {
                try {
                    listener.onCycle(cycle);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, PID + ": a cycle listener failed: " + e, e);
                }
            }
            long next = start + TimeUnit.MILLISECONDS.toNanos(cycleTimeMillis);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return; // deactivated
                }
            }
        }
    }
}
