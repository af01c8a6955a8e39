package fleet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.config.ApikeyFile;
import fleet.config.ConfigException;
import fleet.config.CoreSingletons;
import fleet.config.EdgeRenderer;
import fleet.config.EdgeSpec;
import fleet.config.Placeholders;
import fleet.config.PortPlan;
import fleet.config.RenderedEdge;
import fleet.config.Template;
import fleet.console.Console;
import fleet.plan.Check;
import fleet.plan.EdgeRange;
import fleet.plan.TemplateSettings;
import fleet.render.EdgeConfigs;
import fleet.workdir.FleetSeed;
import fleet.workdir.WorkDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet generate}: for teams that run one container per edge. Writes each edge's
 * configuration as {@code <out>/config-edge<i>/}, their apikeys as {@code <out>/apikeys.csv}, the
 * seed that keeps PIDs stable across re-runs as {@code <out>/fleet-seed}, and optionally a
 * docker-compose override that disables the stack's {@code openems-edge} service and adds one
 * service per edge.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a config.d per edge (config-edge<i>/), their apikeys and, with --compose, a"
                + " docker-compose override with one openems-edge-<i> service per edge: for stacks that run one"
                + " container per edge. Re-running keeps PIDs and apikeys."})
public final class GenerateCommand implements Callable<Integer> {

    static final String DEFAULT_BACKEND = "ws://openems-backend:8081";
    static final String DEFAULT_IMAGE = "openems-edge:latest";
    /** Where the OpenEMS edge image reads its configuration (felix.cm.dir) in these stacks. */
    static final String CONTAINER_CONFIG_DIR = "/etc/openems.d";
    static final int CONTAINER_CONSOLE_PORT = 8080;
    static final int CONTAINER_WEBSOCKET_PORT = 8085;
    /** Host ports 8<i>80 and 8<i>85 exist for i = 0..9 only. */
    static final int SCHEME_MAX_INDEX = 9;

    @Spec
    CommandSpec spec;

    @Mixin
    EdgeRangeOptions edges;

    @Mixin
    TemplateOptions template;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Directory for config-edge<i>/, apikeys.csv and fleet-seed, e.g. ./openems-edge.")
    Path out;

    @Option(names = "--compose", paramLabel = "FILE",
            description = "Also write a docker-compose override here, e.g. docker-compose.override.yml next to the"
                    + " stack's docker-compose.yml.")
    Path compose;

    @Option(names = "--backend", paramLabel = "URI", defaultValue = DEFAULT_BACKEND,
            description = "OpenEMS Backend websocket the edges connect to (default: ${DEFAULT-VALUE}).")
    URI backend;

    @Option(names = "--apikeys", paramLabel = "FILE",
            description = "CSV of name,apikey lines with an apikey for every edge (default: keep the ones in"
                    + " <out>/apikeys.csv, generate the missing ones).")
    Path apikeys;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = DEFAULT_IMAGE,
            description = "Image of the edge services (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Keep fleet's logging configuration and write each edge's log to DIR inside its container"
                    + " (default: leave it out, so that each container logs to its console as OpenEMS does).")
    String logDir;

    @Option(names = "--verbose", description = "Show stack traces.")
    boolean verbose;

    @Override
    public Integer call() {
        EdgeRange range = edges.toRange();
        TemplateSettings settings = template.toSettings();
        Check.that("ws".equals(backend.getScheme()) || "wss".equals(backend.getScheme()), "--backend", backend,
                "must be a websocket URI like " + DEFAULT_BACKEND);
        Console console = Console.stdout();
        try {
            List<HostPorts> hostPorts = compose == null ? List.of() : hostPorts(range, settings);
            Template loaded = EdgeConfigs.loadTemplate(settings);
            loaded.warnings().forEach(console::warn);
            Template used = logDir != null ? loaded : withoutFleetLogging(loaded, console);
            Path outDir = out.toAbsolutePath().normalize();
            Map<String, String> keys = apikeys(range, outDir, console);
            createDirectory(outDir);
            long seed = FleetSeed.loadOrCreate(new WorkDir(outDir));

            EdgeRenderer renderer = new EdgeRenderer(used, seed, PortPlan.asInTemplate(used), CoreSingletons.warmStart(
                    CoreSingletons.IN_EVERY_OPENEMS_EDGE, settings.cycleTimeMs(loaded.cycleTimeMs())));
            List<RenderedEdge> rendered = new ArrayList<>();
            for (int index : range.indexes().toArray()) {
                String name = EdgeRange.nameOf(index);
                Map<String, String> placeholders = logDir == null ? Map.of() : Map.of(Placeholders.LOG_DIR, logDir);
                rendered.add(renderer.render(new EdgeSpec(index, name, keys.get(name), Optional.of(backend),
                        index - range.first() < settings.debugLogEdges(), placeholders)));
            }
            for (RenderedEdge edge : rendered) {
                edge.writeTo(configDir(outDir, edge.index()));
            }
            // Edges of earlier runs outside this range keep their lines: their directories are still there.
            Path csv = outDir.resolve("apikeys.csv");
            Map<String, String> all = new LinkedHashMap<>(Files.isRegularFile(csv) ? ApikeyFile.read(csv) : Map.of());
            all.putAll(keys);
            ApikeyFile.write(csv, all);
            console.info("wrote " + range.count() + " edge configuration" + (range.count() == 1 ? "" : "s") + " from"
                    + " template " + used.source() + ": " + configDir(outDir, range.first())
                    + (range.count() == 1 ? "" : " .. " + configDir(outDir, range.last()).getFileName())
                    + "; backend " + backend);
            console.info("apikeys in " + outDir.resolve("apikeys.csv") + " (mode 0600): register them in Odoo's"
                    + " openems_device table, e.g. with fleet register");
            if (compose != null) {
                Path composeFile = compose.toAbsolutePath().normalize();
                writeCompose(composeFile, composeOverride(hostPorts, outDir, composeFile, image, range));
                console.info("docker-compose override in " + composeFile + ": services openems-edge-" + range.first()
                        + (range.count() == 1 ? "" : " .. openems-edge-" + range.last())
                        + ", the stack's openems-edge service disabled");
            }
        } catch (ConfigException e) {
            throw FleetException.badInput(e.getMessage());
        } catch (UncheckedIOException e) {
            throw FleetException.failure(e.getMessage(), e);
        }
        return ExitCode.OK.code();
    }

    /**
     * fleet's built-in logging configuration writes to a per-edge file, which only matters when many
     * edges share one JVM; a container should log to its console, as OpenEMS does by default.
     */
    private static Template withoutFleetLogging(Template template, Console console) {
        List<String> dropped = template.configurations().stream()
                .filter(c -> template.placeholders(c.pid().orElseThrow()).contains(Placeholders.LOG_DIR))
                .map(c -> c.pid().orElseThrow()).toList();
        if (dropped.isEmpty()) {
            return template;
        }
        console.info("left out " + String.join(", ", dropped) + " (fleet's per-edge log file): each container logs"
                + " to its console; --log-dir DIR keeps it");
        return template.without(c -> dropped.contains(c.pid().orElseThrow()));
    }

    /** The apikey of every edge: from --apikeys, else kept from a previous run, else new. */
    private Map<String, String> apikeys(EdgeRange range, Path outDir, Console console) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (apikeys != null) {
            Map<String, String> given = ApikeyFile.read(apikeys);
            for (int index : range.indexes().toArray()) {
                String name = EdgeRange.nameOf(index);
                String key = given.get(name);
                if (key == null) {
                    throw FleetException.badInput("--apikeys " + apikeys + " has no apikey for " + name + ": add a"
                            + " line " + name + ",<apikey>, or leave out --apikeys to generate one");
                }
                keys.put(name, key);
            }
            return keys;
        }
        Path previous = outDir.resolve("apikeys.csv");
        Map<String, String> kept = Files.isRegularFile(previous) ? ApikeyFile.read(previous) : Map.of();
        SecureRandom random = new SecureRandom();
        int reused = 0;
        for (int index : range.indexes().toArray()) {
            String name = EdgeRange.nameOf(index);
            String key = kept.get(name);
            if (key != null) {
                reused++;
            } else {
                key = ApikeyFile.generate(random);
            }
            keys.put(name, key);
        }
        if (reused > 0) {
            console.info("kept the apikeys of " + reused + " edge" + (reused == 1 ? "" : "s") + " from " + previous
                    + (reused < range.count() ? "; generated " + (range.count() - reused) : ""));
        }
        return keys;
    }

    /** The host ports one edge's container publishes. */
    record HostPorts(int index, int console, int websocket) {
    }

    /**
     * Host ports {@code 8<i>80} (Felix console) and {@code 8<i>85} (edge websocket), the layout these
     * stacks use, which only exists for edges 0..9; with {@code --port-stride K} instead
     * {@code --port-base + i*K} and {@code +1}.
     */
    private List<HostPorts> hostPorts(EdgeRange range, TemplateSettings settings) {
        boolean strideGiven = spec.commandLine().getParseResult().hasMatchedOption("--port-stride");
        List<HostPorts> ports = new ArrayList<>();
        for (int index : range.indexes().toArray()) {
            if (!strideGiven) {
                if (index > SCHEME_MAX_INDEX) {
                    throw FleetException.badInput("--compose publishes edge i on host ports 8<i>80 (Felix console) and"
                            + " 8<i>85 (websocket), which exist for edge0..edge" + SCHEME_MAX_INDEX + " only, not for "
                            + EdgeRange.nameOf(index) + ": pass --port-stride K (e.g. --port-stride 10) to publish"
                            + " edge i on --port-base + i*K and + 1 instead");
                }
                ports.add(new HostPorts(index, Integer.parseInt("8" + index + "80"), Integer.parseInt("8" + index
                        + "85")));
            } else {
                Check.that(settings.portStride() >= 2, "--port-stride", settings.portStride(),
                        "must be at least 2: each edge publishes two host ports (Felix console, websocket)");
                long first = settings.portBase() + (long) index * settings.portStride();
                Check.that(first + 1 <= PortPlan.MAX_PORT, "--port-base", settings.portBase(), EdgeRange.nameOf(index)
                        + " would get host port " + (first + 1) + ", beyond " + PortPlan.MAX_PORT
                        + ": lower --port-base or --port-stride");
                ports.add(new HostPorts(index, (int) first, (int) first + 1));
            }
        }
        return ports;
    }

    static Path configDir(Path outDir, int index) {
        return outDir.resolve("config-" + EdgeRange.nameOf(index));
    }

    /** The override file, one line per element of the layout. */
    static List<String> composeOverride(List<HostPorts> ports, Path outDir, Path composeFile, String image,
            EdgeRange range) {
        List<String> lines = new ArrayList<>();
        lines.add("# docker-compose override written by fleet generate: " + range.count() + " OpenEMS Edge"
                + (range.count() == 1 ? "" : "s") + ", one container each.");
        lines.add("# The stack's own openems-edge service is disabled; apikeys are in " + volumePath(outDir
                .resolve("apikeys.csv"), composeFile) + ".");
        lines.add("services:");
        lines.add("  openems-edge:");
        lines.add("    profiles: [\"disabled\"]");
        for (HostPorts p : ports) {
            lines.add("  openems-edge-" + p.index() + ":");
            lines.add("    image: " + image);
            lines.add("    ports:");
            lines.add("      - \"" + p.console() + ":" + CONTAINER_CONSOLE_PORT + "\"");
            lines.add("      - \"" + p.websocket() + ":" + CONTAINER_WEBSOCKET_PORT + "\"");
            lines.add("    volumes:");
            lines.add("      - " + yamlString(volumePath(configDir(outDir, p.index()), composeFile) + ":"
                    + CONTAINER_CONFIG_DIR));
        }
        return lines;
    }

    /** A path as compose resolves it: relative to the compose file's directory, starting with ./ */
    static String volumePath(Path target, Path composeFile) {
        Path base = composeFile.getParent();
        if (base == null || !target.getRoot().equals(base.getRoot())) {
            return target.toString();
        }
        String relative = base.relativize(target).toString();
        return relative.startsWith("..") ? relative : "./" + relative;
    }

    private static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw FleetException.failure("--out " + dir + ": cannot create it: " + e.getMessage(), e);
        }
    }

    private static void writeCompose(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FleetException.failure("--compose " + file + ": cannot write it: " + e.getMessage(), e);
        }
    }
}
