package fleet.workdir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

import fleet.FleetException;
import fleet.config.AtomicFile;
import fleet.household.Household;

/**
 * Writes what each edge's household is, for the people who check a bill against it: the edge's own
 * {@code household.json} and the fleet's {@code households.csv}. Both are replaced whole (a
 * temporary file moved into place), so a reader never sees half a file.
 */
public final class HouseholdFiles {

    private HouseholdFiles() {
    }

    public static void writeEdge(WorkDir.EdgeDirs dirs, Household household) {
        replace(dirs.householdFile(), household.toJson() + "\n");
    }

    /** @param byIndex the fleet's edges by index, name → household */
    public static void writeFleet(WorkDir workDir, SortedMap<Integer, Map.Entry<String, Household>> byIndex) {
        StringBuilder csv = new StringBuilder("edge,").append(String.join(",", Household.CSV_COLUMNS)).append('\n');
        byIndex.values().forEach(e -> csv.append(e.getKey()).append(',').append(e.getValue().csvRow()).append('\n'));
        replace(workDir.householdsFile(), csv.toString());
    }

    private static void replace(Path file, String text) {
        try {
            AtomicFile.write(file, text, false);
        } catch (UncheckedIOException e) {
            throw FleetException.failure(e.getMessage(), e);
        }
    }
}
