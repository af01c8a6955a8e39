package fleet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import fleet.plan.TemplateSettings;
import picocli.CommandLine.Option;

/** Where each edge's config.d comes from. */
public final class TemplateOptions {

    @Option(names = "--template", paramLabel = "DIR",
            description = "A config.d tree to render for every edge (default: the built-in simulated edge).")
    Path template;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "" + TemplateSettings.DEFAULT_PORT_BASE,
            description = "First port of edge 0's port block (default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--port-stride", paramLabel = "K", defaultValue = "" + TemplateSettings.DEFAULT_PORT_STRIDE,
            description = "Ports reserved per edge: edge i gets base + i*K + slot (default: ${DEFAULT-VALUE}).")
    int portStride;

    @Option(names = "--debug-log-edges", paramLabel = "N", defaultValue = "1",
            description = "How many edges keep the per-cycle debug-log controller; the others have it disabled"
                    + " so the logs of a large fleet stay small (default: ${DEFAULT-VALUE}).")
    int debugLogEdges;

    @Option(names = "--cycle-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "OpenEMS's cycle time in every edge, e.g. 5s: the edges compute and send data every"
                    + " DURATION (default: the template's Core.Cycle, else OpenEMS's 1s).")
    Duration cycleTime;

    @Option(names = "--timedata", paramLabel = "template|none", defaultValue = "template",
            description = "none: every edge's timedata (Rrd4j, InfluxDB) disabled, so the edges keep no local history"
                    + " and write no rrd4j files (about 156 MiB per edge); data reaches the backend as before"
                    + " (default: ${DEFAULT-VALUE}).")
    String timedata;

    public TemplateSettings toSettings() {
        return new TemplateSettings(Optional.ofNullable(template).map(p -> p.toAbsolutePath().normalize()),
                portBase, portStride, debugLogEdges, Optional.ofNullable(cycleTime),
                TemplateSettings.keepTimedata(timedata), TemplateSettings.EdgePasswords.GENERATED,
                fleet.plan.HouseholdSettings.defaults(1));
    }
}
