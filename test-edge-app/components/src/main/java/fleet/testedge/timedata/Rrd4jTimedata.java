package fleet.testedge.timedata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Timedata.Rrd4j}: stands in for OpenEMS's rrd4j store, including its hazard. It finds its
 * directory exactly like OpenEMS does, with the JVM-wide {@code System.getProperty("openems.data.dir")}
 * at activation, and writes {@code <dir>/rrd4j/<id>/cycles.txt} every cycle: the cycle count and
 * this framework's own {@code felix.cm.dir}, so a test can see whose data landed where.
 */
@Component(name = Rrd4jTimedata.PID, configurationPid = Rrd4jTimedata.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { CycleListener.class, TestEdgeComponent.class }, property = { "id=rrd4j0", "enabled:Boolean=true" })
public class Rrd4jTimedata implements CycleListener, TestEdgeComponent {

    static final String PID = "Timedata.Rrd4j";
    /** The file written every cycle, under {@code <openems.data.dir>/rrd4j/<id>/}. */
    public static final String FILE_NAME = "cycles.txt";
    private static final Logger LOG = Logger.getLogger("fleet.testedge." + PID);

    public @interface Config {
        String id() default "rrd4j0";
    }

    private String id;
    private String dataDirProperty;
    private String cmDir;
    private Path directory;
    private volatile boolean writeFailureLogged;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        id = config.id();
        // Deliberately the JVM-wide lookup, as OpenEMS's OpenemsConstants.getOpenemsDataDir() does.
        dataDirProperty = System.getProperty("openems.data.dir", "");
        cmDir = String.valueOf(context.getProperty("felix.cm.dir"));
        directory = Path.of(dataDirProperty, "rrd4j", id).toAbsolutePath();
        Files.createDirectories(directory);
    }

    @Override
    public void onCycle(MeasuredCycleTime cycle) {
        String text = "cycleCount=" + cycle.getCycleCount() + "\n"
                + "timestamp=" + cycle.getTimestamp() + "\n"
                + "felix.cm.dir=" + cmDir + "\n"
                + "openems.data.dir=" + dataDirProperty + "\n";
        try {
            // Write aside and move, so a reader never sees half a file.
            Path tmp = directory.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            writeFailureLogged = false;
        } catch (IOException e) {
            if (!writeFailureLogged) {
                writeFailureLogged = true;
                LOG.log(Level.WARNING, PID + " [" + id + "]: cannot write " + directory + ": " + e);
            }
        }
    }

    /** The directory this component writes to, as resolved at activation. */
    public Path getDirectory() {
        return directory;
    }

    @Override
    public String id() {
        return id;
    }
}
