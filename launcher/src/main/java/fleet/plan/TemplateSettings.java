package fleet.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where each edge's {@code config.d} comes from and how ports are handed out.
 *
 * @param directory     a user's config.d tree; empty = the built-in simulated edge
 * @param portBase      first port of edge 0's block
 * @param portStride    ports reserved per edge
 * @param debugLogEdges how many edges (the first ones) keep the per-cycle debug-log controller
 * @param cycleTime     OpenEMS's cycle time for every edge ({@code Core.Cycle cycleTime}); empty = the
 *                      template's, else OpenEMS's 1 s
 * @param keepTimedata  false = every timedata configuration ({@code Timedata.*}) is rendered disabled, so
 *                      the edges keep no local history (and no rrd4j files on disk)
 * @param passwords     the passwords of each edge's OpenEMS users ({@code Core.User})
 * @param households    the household each edge of the built-in template simulates (not used for a
 *                      user's template)
 */
public record TemplateSettings(Optional<Path> directory, int portBase, int portStride, int debugLogEdges,
        Optional<Duration> cycleTime, boolean keepTimedata, EdgePasswords passwords, HouseholdSettings households) {

    /** {@code --edge-passwords}: each edge's own, or OpenEMS's defaults (admin/admin, ...). */
    public enum EdgePasswords {
        GENERATED, DEFAULT;

        public static EdgePasswords of(String option) {
            Check.that("generated".equals(option) || "default".equals(option), "--edge-passwords", option,
                    "must be generated (each edge its own, in edges/<edge>/credentials.properties) or default"
                            + " (OpenEMS's admin/admin, installer/installer, owner/owner, guest/user)");
            return "generated".equals(option) ? GENERATED : DEFAULT;
        }
    }

    /** The factory PID prefix of OpenEMS's timedata services (Rrd4j, InfluxDB, ...). */
    public static final String TIMEDATA_PREFIX = "Timedata.";

    public static final Duration MIN_CYCLE_TIME = Duration.ofMillis(100);
    public static final Duration MAX_CYCLE_TIME = Duration.ofHours(1);

    public TemplateSettings(Optional<Path> directory, int portBase, int portStride, int debugLogEdges) {
        this(directory, portBase, portStride, debugLogEdges, Optional.empty(), true, EdgePasswords.GENERATED,
                HouseholdSettings.defaults(1));
    }

    public static final int DEFAULT_PORT_BASE = 20_000;
    public static final int DEFAULT_PORT_STRIDE = 10;

    public TemplateSettings {
        Check.notNull("--edge-passwords", passwords);
        Check.notNull("--profile", households);
        Check.range("--port-base", portBase, 1024, 65535);
        Check.range("--port-stride", portStride, 1, 1000);
        Check.range("--debug-log-edges", debugLogEdges, 0, EdgeRange.MAX_EDGES);
        cycleTime.ifPresent(d -> Check.that(d.compareTo(MIN_CYCLE_TIME) >= 0 && d.compareTo(MAX_CYCLE_TIME) <= 0
                && d.toNanos() % 1_000_000 == 0, "--cycle-time", d.toMillis() + "ms",
                "must be whole milliseconds between 100ms and 1h (OpenEMS's default is 1s)"));
    }

    public TemplateSettings withPasswords(EdgePasswords edgePasswords) {
        return new TemplateSettings(directory, portBase, portStride, debugLogEdges, cycleTime, keepTimedata,
                edgePasswords, households);
    }

    public TemplateSettings withHouseholds(HouseholdSettings drawn) {
        return new TemplateSettings(directory, portBase, portStride, debugLogEdges, cycleTime, keepTimedata,
                passwords, drawn);
    }

    /** Households are rendered into the built-in simulated edge only: a user's template keeps its own values. */
    public boolean rendersHouseholds() {
        return directory.isEmpty();
    }

    /** {@code --timedata}'s values: the template's timedata, or none. */
    public static boolean keepTimedata(String option) {
        Check.that("template".equals(option) || "none".equals(option), "--timedata", option,
                "must be template (the template's timedata) or none (timedata disabled: no local history on the edges)");
        return "template".equals(option);
    }

    /** The cycle time in milliseconds: this setting's, else the template's, else OpenEMS's 1000. */
    public int cycleTimeMs(Optional<Integer> templates) {
        return cycleTime.map(d -> (int) d.toMillis()).or(() -> templates).orElse(1000);
    }
}
