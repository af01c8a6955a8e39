package fleet.testedge.core.cleaner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import fleet.testedge.core.api.CycleListener;
import fleet.testedge.core.api.MeasuredCycleTime;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Test.WorkingDirCleaner}: stands in for OpenEMS's OutOfMemoryHeapDumpWorker, which every
 * five minutes deletes {@code *.log}, {@code core} and all but the newest {@code *.hprof} in the
 * JVM's working directory. Here it runs every {@code everyCycles} cycles, so a test can prove that
 * fleet keeps the user's directory out of its reach. Only active when configured.
 */
@Component(name = WorkingDirCleaner.PID, configurationPid = WorkingDirCleaner.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { CycleListener.class, TestEdgeComponent.class })
public class WorkingDirCleaner implements CycleListener, TestEdgeComponent {

    static final String PID = "Test.WorkingDirCleaner";
    private static final Logger LOG = Logger.getLogger("fleet.testedge." + PID);

    public @interface Config {
        String id() default "cleaner0";

        int everyCycles() default 5;
    }

    private final AtomicLong cycles = new AtomicLong();
    private String id;
    private int everyCycles;

    @Activate
    void activate(Config config) {
        id = config.id();
        everyCycles = Math.max(1, config.everyCycles());
    }

    @Override
    public void onCycle(MeasuredCycleTime cycle) {
        if (cycles.incrementAndGet() % everyCycles == 0) {
            clean(Path.of("").toAbsolutePath());
        }
    }

    private void clean(Path workingDir) {
        List<Path> dumps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workingDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".log") || name.equals("core")) {
                    delete(file);
                } else if (name.endsWith(".hprof")) {
                    dumps.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warning(PID + " [" + id + "]: cannot list " + workingDir + ": " + e);
            return;
        }
        dumps.sort(Comparator.comparing(WorkingDirCleaner::modified).reversed());
        dumps.stream().skip(1).forEach(this::delete);
    }

    private void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info(PID + " [" + id + "]: deleted " + file);
            }
        } catch (IOException e) {
            LOG.warning(PID + " [" + id + "]: cannot delete " + file + ": " + e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String id() {
        return id;
    }
}
