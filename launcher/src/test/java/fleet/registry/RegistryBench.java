package fleet.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.workdir.WorkDir;

/**
 * How long the registry takes against a local PostgreSQL (the embedded one): timings, not a test
 * that can fail, so it is tagged "bench" and stays out of the default run. Run it with
 *
 * <pre>
 * mvn -pl launcher -am test-compile
 * mvn -q -pl launcher dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp launcher/target/test-classes:launcher/target/classes:$(cat /tmp/cp.txt) fleet.registry.RegistryBench
 * </pre>
 */
@Tag("bench")
public class RegistryBench {

    private static final int REPETITIONS = 5;

    public static void main(String[] args) throws Exception {
        new RegistryBench().measure();
    }

    @Test
    void measure() throws Exception {
        Path temp = Files.createTempDirectory("fleet-registry-bench");
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        try {
            Instant start = Instant.now();
            Registry registry = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr());
            report("open (initdb, start, create table)", List.of(Duration.between(start, Instant.now())));
            try (registry) {
                int[] next = {0};
                report("register 1000 new edges", times(() -> registry.register(new EdgeRange(1000 * next[0]++, 1000), false)));
                report("register 1000 existing edges", times(() -> registry.register(new EdgeRange(0, 1000), false)));
                report("rotate 1000 apikeys", times(() -> registry.register(new EdgeRange(0, 1000), true)));
                List<DeviceReport> reports = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    reports.add(new DeviceReport(EdgeRange.nameOf(i), i % 2 == 0, Instant.now(), "2026.5.0"));
                }
                report("writeBack 1000 reports", times(() -> {
                    registry.writeBack(reports);
                    return null;
                }));
                report("connectedFlags of 1000 edges", times(() -> registry.connectedFlags(new EdgeRange(0, 1000))));
                report("register 10000 new edges", times(() -> registry.register(new EdgeRange(100_000 + 10_000 * next[0]++,
                        10_000), false)));

                Registration keys = registry.register(new EdgeRange(0, 1000), false);
                try (Registry fresh = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr())) {
                    report("edgeNameForApikey, 1000 keys, each a first use", List.of(time(() -> {
                        keys.apikeys().values().forEach(fresh::edgeNameForApikey);
                        return null;
                    })));
                    report("edgeNameForApikey, 1000 keys, known", List.of(time(() -> {
                        keys.apikeys().values().forEach(fresh::edgeNameForApikey);
                        return null;
                    })));
                }
            }
        } finally {
            EmbeddedTestSupport.unlinkBinaries(temp);
            PostgresBinaries.deleteTree(temp);
        }
    }

    private static List<Duration> times(Callable<?> work) throws Exception {
        work.call(); // warm-up: class loading, the pool's connections, the server's caches
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            times.add(time(work));
        }
        return times;
    }

    private static Duration time(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void report(String what, List<Duration> times) {
        long[] millis = times.stream().mapToLong(Duration::toMillis).sorted().toArray();
        System.out.printf("%-48s median %5d ms  (min %d, max %d, n=%d)%n", what, millis[millis.length / 2], millis[0],
                millis[millis.length - 1], millis.length);
        System.out.flush();
    }
}
