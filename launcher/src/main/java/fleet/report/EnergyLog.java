package fleet.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import fleet.state.EdgeEnergy;
import fleet.state.EdgeStatus;
import fleet.state.FleetState;
import fleet.workdir.WorkDir;

/**
 * Keeps what the edges themselves counted: once a minute (and when the fleet stops) it appends
 * every running edge's {@code _sum} energy counters to {@code edges/<edge>/energy.csv}, so that
 * {@code fleet report energy} can compare a billing run with the edges' own figures, also after
 * the fleet stopped. An observer: it only reads {@link FleetState}.
 */
public final class EnergyLog implements AutoCloseable {

    public static final Duration EVERY = Duration.ofMinutes(1);
    static final String HEADER = "time," + String.join(",", EdgeEnergy.COUNTERS.stream().map(EdgeEnergy.Counter::name)
            .toList());

    private static final Logger LOG = Logger.getLogger(EnergyLog.class.getName());

    private final FleetState state;
    private final WorkDir workDir;
    private final ScheduledExecutorService timer;

    private EnergyLog(FleetState state, WorkDir workDir, Duration every) {
        this.state = state;
        this.workDir = workDir;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-energy-log");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sampleNow, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static EnergyLog start(FleetState state, WorkDir workDir) {
        return start(state, workDir, EVERY);
    }

    static EnergyLog start(FleetState state, WorkDir workDir, Duration every) {
        return new EnergyLog(state, workDir, every);
    }

    /** One line per edge that has counters now. */
    public synchronized void sampleNow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (EdgeStatus edge : state.edges()) {
            EdgeEnergy energy = edge.health().energy();
            if (energy.isEmpty()) {
                continue;
            }
            Path file = workDir.edge(edge.name()).energyFile();
            StringBuilder line = new StringBuilder(now.toString());
            for (EdgeEnergy.Counter counter : EdgeEnergy.COUNTERS) {
                Long value = counter.value().apply(energy);
                line.append(',').append(value == null ? "" : value.toString());
            }
            line.append('\n');
            try {
                if (!Files.exists(file)) {
                    line.insert(0, HEADER + "\n");
                }
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
