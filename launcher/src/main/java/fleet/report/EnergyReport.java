package fleet.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import fleet.plan.EdgeRange;
import fleet.state.EdgeEnergy;
import fleet.workdir.WorkDir;

/**
 * The energy each edge counted between two times, from the samples {@link EnergyLog} kept: per
 * counter the sum of its increases between consecutive samples in the window, so that a counter
 * that restarts from 0 (an edge without timedata restarted) adds what it counted after the
 * restart instead of going negative.
 */
public final class EnergyReport {

    /** One edge's figures. */
    public record Row(String edge, Instant first, Instant last, long[] wh) {
    }

    private EnergyReport() {
    }

    public static String header() {
        return "edge,from,to," + String.join(",", EdgeEnergy.COUNTERS.stream().map(c -> c.name()).toList());
    }

    /** Every edge of the work dir with samples in [from, to], in index order. */
    public static List<Row> of(WorkDir workDir, Optional<Instant> from, Optional<Instant> to) {
        Path edges = workDir.root().resolve("edges");
        if (!Files.isDirectory(edges)) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(edges)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("edge\\d+"))
                    .sorted(Comparator.comparingInt(d -> EdgeRange.indexOf(d.getFileName().toString()))).toList()) {
                String name = dir.getFileName().toString();
                Path file = workDir.edge(name).energyFile();
                if (Files.isRegularFile(file)) {
                    row(name, Files.readAllLines(file, StandardCharsets.UTF_8), from, to).ifPresent(rows::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static Optional<Row> row(String edge, List<String> lines, Optional<Instant> from, Optional<Instant> to) {
        int counters = EdgeEnergy.COUNTERS.size();
        long[] sums = new long[counters];
        Long[] previous = new Long[counters];
        Instant first = null;
        Instant last = null;
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            if (cells.length != counters + 1) {
                continue; // the header, or a line cut short by a crash
            }
            Instant at;
            try {
                at = Instant.parse(cells[0]);
            } catch (DateTimeParseException e) {
                continue;
            }
            if (from.isPresent() && at.isBefore(from.get()) || to.isPresent() && at.isAfter(to.get())) {
                continue;
            }
            first = first == null ? at : first;
            last = at;
            for (int i = 0; i < counters; i++) {
                Long value = cells[i + 1].isEmpty() ? null : Long.valueOf(cells[i + 1]);
                if (value != null && previous[i] != null) {
                    sums[i] += value >= previous[i] ? value - previous[i] : value;
                }
                if (value != null) {
                    previous[i] = value;
                }
            }
        }
        return first == null ? Optional.empty() : Optional.of(new Row(edge, first, last, sums));
    }

    public static String csv(Row row) {
        StringBuilder line = new StringBuilder(row.edge()).append(',').append(row.first()).append(',')
                .append(row.last());
        for (long wh : row.wh()) {
            line.append(',').append(wh);
        }
        return line.toString();
    }
}
