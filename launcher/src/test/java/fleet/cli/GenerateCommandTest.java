package fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ApikeyFile;
import fleet.config.ConfigFile;
import fleet.config.ConfigValue;
import fleet.config.Configuration;
import fleet.config.FactoryPids;
import fleet.config.Template;

class GenerateCommandTest {

    @TempDir
    Path stack;

    @Test
    void threeEdgesWithComposeOverride() throws IOException {
        Path out = stack.resolve("openems-edge");
        Path compose = stack.resolve("docker-compose.override.yml");
        assertEquals(0, Main.run("generate", "--edges", "3", "--out", out.toString(), "--compose", compose.toString()));

        assertEquals(List.of(
                "# docker-compose override written by fleet generate: 3 OpenEMS Edges, one container each.",
                "# The stack's own openems-edge service is disabled; apikeys are in ./openems-edge/apikeys.csv.",
                "services:",
                "  openems-edge:",
                "    profiles: [\"disabled\"]",
                "  openems-edge-0:",
                "    image: openems-edge:latest",
                "    ports:",
                "      - \"8080:8080\"",
                "      - \"8085:8085\"",
                "    volumes:",
                "      - \"./openems-edge/config-edge0:/etc/openems.d\"",
                "  openems-edge-1:",
                "    image: openems-edge:latest",
                "    ports:",
                "      - \"8180:8080\"",
                "      - \"8185:8085\"",
                "    volumes:",
                "      - \"./openems-edge/config-edge1:/etc/openems.d\"",
                "  openems-edge-2:",
                "    image: openems-edge:latest",
                "    ports:",
                "      - \"8280:8080\"",
                "      - \"8285:8085\"",
                "    volumes:",
                "      - \"./openems-edge/config-edge2:/etc/openems.d\""), Files.readAllLines(compose));

        Path csv = out.resolve("apikeys.csv");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
        Map<String, String> apikeys = ApikeyFile.read(csv);
        assertEquals(List.of("edge0", "edge1", "edge2"), List.copyOf(apikeys.keySet()));
        apikeys.values().forEach(key -> assertTrue(key.matches("[A-Za-z0-9]{20}"), key));
        assertEquals(3, apikeys.values().stream().distinct().count());

        try (var dirs = Files.list(out)) {
            assertEquals(List.of("apikeys.csv", "config-edge0", "config-edge1", "config-edge2", "fleet-seed"),
                    dirs.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (int i = 0; i < 3; i++) {
            Template edge = Template.load(out.resolve("config-edge" + i));
            Configuration backend = only(edge, FactoryPids.BACKEND);
            assertEquals(apikeys.get("edge" + i), backend.string("apikey").orElseThrow());
            assertEquals("ws://openems-backend:8081", backend.string("uri").orElseThrow());
            assertEquals(ConfigValue.of(i == 0), only(edge, FactoryPids.DEBUG_LOG).get("enabled").orElseThrow(),
                    "only the first edge keeps the debug log");
            assertEquals(List.of(8084, 8085, 502), edge.portSlots().stream().map(s -> s.templatePort()).toList(),
                    "inside its container every edge keeps the usual ports");
            assertTrue(edge.configuration(FactoryPids.PAX_LOGGING).isEmpty(), "containers log to their console");
        }
    }

    @Test
    void rerunKeepsPidsAndApikeys() throws IOException {
        Path out = stack.resolve("out");
        assertEquals(0, Main.run("generate", "--edges", "2", "--out", out.toString()));
        Map<String, String> before = files(out);
        assertEquals(0, Main.run("generate", "--edges", "2", "--out", out.toString()));
        assertEquals(before, files(out));
        Map<String, String> keys = ApikeyFile.read(out.resolve("apikeys.csv"));
        assertEquals(0, Main.run("generate", "--first-index", "1", "--edges", "2", "--out", out.toString()));
        Map<String, String> after = ApikeyFile.read(out.resolve("apikeys.csv"));
        assertEquals(List.of("edge0", "edge1", "edge2"), List.copyOf(after.keySet()), "edge0's line is kept");
        assertEquals(keys.get("edge0"), after.get("edge0"));
        assertEquals(keys.get("edge1"), after.get("edge1"));
    }

    @Test
    void cycleTimeAndOpenemsSingletonsAreRenderedForEveryEdge() throws IOException {
        Path out = stack.resolve("out");
        assertEquals(0, Main.run("generate", "--edges", "2", "--out", out.toString(), "--cycle-time", "5s"));
        for (int i = 0; i < 2; i++) {
            Path configDir = out.resolve("config-edge" + i);
            Configuration cycle = ConfigFile.read(configDir.resolve("Core/Cycle.config"));
            assertEquals(Optional.of(ConfigValue.of(5000)), cycle.get("cycleTime"));
            assertEquals(Optional.of("_cycle"), cycle.componentId());
            assertEquals(Optional.of("_sum"), ConfigFile.read(configDir.resolve("Core/Sum.config")).componentId());
            assertEquals(Optional.of("_power"), ConfigFile.read(configDir.resolve("Ess/Power.config")).componentId());
        }
        assertEquals(0, Main.run("generate", "--edges", "1", "--out", out.toString()));
        assertEquals(Optional.of(ConfigValue.of(1000)), ConfigFile.read(out.resolve("config-edge0/Core/Cycle.config"))
                .get("cycleTime"), "without --cycle-time OpenEMS's default");

        for (String bad : List.of("50ms", "2h", "1500us")) {
            assertEquals(2, Main.run("generate", "--edges", "1", "--out", stack.resolve("bad").toString(),
                    "--cycle-time", bad), bad);
        }
        assertFalse(Files.exists(stack.resolve("bad")), "nothing written on bad input");
    }

    @Test
    void timedataNoneRendersTimedataDisabledAndBackOnARerun() throws IOException {
        Path out = stack.resolve("out");
        assertEquals(0, Main.run("generate", "--edges", "1", "--out", out.toString()));
        assertEquals(List.of(true), timedataEnabled(out.resolve("config-edge0")), "the built-in template's Rrd4j");
        assertEquals(0, Main.run("generate", "--edges", "1", "--out", out.toString(), "--timedata", "none"));
        // disabled, not left out: OpenEMS would create an enabled Timedata.Rrd4j where none is configured
        assertEquals(List.of(false), timedataEnabled(out.resolve("config-edge0")));
        assertEquals(0, Main.run("generate", "--edges", "1", "--out", out.toString()));
        assertEquals(List.of(true), timedataEnabled(out.resolve("config-edge0")), "a re-run with timedata enables it");

        assertEquals(2, Main.run("generate", "--edges", "1", "--out", stack.resolve("bad").toString(),
                "--timedata", "influx"));
        assertFalse(Files.exists(stack.resolve("bad")), "nothing written on bad input");
    }

    private static List<Boolean> timedataEnabled(Path configDir) throws IOException {
        Path timedata = configDir.resolve("Timedata");
        if (!Files.exists(timedata)) {
            return List.of();
        }
        try (var files = Files.walk(timedata)) {
            return files.filter(f -> f.toString().endsWith(".config")).map(f -> ConfigFile.read(f).get("enabled")
                    .map(v -> v.equals(ConfigValue.of(true))).orElse(true)).toList();
        }
    }

    @Test
    void edgesOmittedMeansOneEdge() throws IOException {
        Path out = stack.resolve("openems-edge");
        Path compose = stack.resolve("override.yml");
        assertEquals(0, Main.run("generate", "--out", out.toString(), "--compose", compose.toString()));
        assertEquals(List.of("edge0"), List.copyOf(ApikeyFile.read(out.resolve("apikeys.csv")).keySet()));
        List<String> lines = Files.readAllLines(compose);
        assertEquals("# docker-compose override written by fleet generate: 1 OpenEMS Edge, one container each.",
                lines.get(0));
        assertEquals(12, lines.size());
        assertTrue(Files.isDirectory(out.resolve("config-edge0")));
        assertFalse(Files.exists(out.resolve("config-edge1")));
    }

    @Test
    void apikeysFromFileAndBackendOption() throws IOException {
        Path keys = stack.resolve("keys.csv");
        Files.writeString(keys, "name,apikey\nedge5,key-of-edge5\nedge6,key-of-edge6\n");
        Path out = stack.resolve("out");
        assertEquals(0, Main.run("generate", "--first-index", "5", "--edges", "2", "--out", out.toString(), "--apikeys",
                keys.toString(), "--backend", "wss://backend.example:443/edge", "--log-dir", "/var/log/openems"));
        Template edge6 = Template.load(out.resolve("config-edge6"));
        assertEquals("key-of-edge6", only(edge6, FactoryPids.BACKEND).string("apikey").orElseThrow());
        assertEquals("wss://backend.example:443/edge", only(edge6, FactoryPids.BACKEND).string("uri").orElseThrow());
        assertEquals("/var/log/openems/openems.log", edge6.configuration(FactoryPids.PAX_LOGGING).orElseThrow()
                .string("log4j2.appender.file.fileName").orElseThrow());
        assertEquals(ConfigValue.of(true), only(Template.load(out.resolve("config-edge5")), FactoryPids.DEBUG_LOG)
                .get("enabled").orElseThrow(), "the first edge of the range keeps the debug log");

        Files.writeString(keys, "edge5,key-of-edge5\n");
        assertEquals(2, Main.run("generate", "--first-index", "5", "--edges", "2", "--out", stack.resolve("o2")
                .toString(), "--apikeys", keys.toString()));
        assertFalse(Files.exists(stack.resolve("o2")), "nothing written on bad input");
    }

    @Test
    void moreThanTenEdgesNeedAPortStride() throws IOException {
        Path out = stack.resolve("out");
        Path compose = stack.resolve("override.yml");
        assertEquals(2, Main.run("generate", "--edges", "11", "--out", out.toString(), "--compose", compose.toString()));
        assertFalse(Files.exists(out), "nothing written on bad input");
        assertEquals(0, Main.run("generate", "--edges", "11", "--out", out.toString(), "--compose", compose.toString(),
                "--port-base", "30000", "--port-stride", "10"));
        List<String> lines = Files.readAllLines(compose);
        assertTrue(lines.contains("      - \"30100:8080\""), String.join("\n", lines));
        assertTrue(lines.contains("      - \"30101:8085\""), String.join("\n", lines));
    }

    @Test
    void wrongTemplateIsBadInput() throws IOException {
        Path template = stack.resolve("tpl/Controller/Api/Backend");
        Files.createDirectories(template);
        Files.writeString(template.resolve("a.config"), "service.pid=\"Controller.Api.Backend.b\"\n"
                + "service.factoryPid=\"Controller.Api.Backend\"\n");
        assertEquals(2, Main.run("generate", "--template", stack.resolve("tpl").toString(), "--out",
                stack.resolve("out").toString()));
    }

    private static Configuration only(Template edge, String factoryPid) {
        List<Configuration> found = edge.configurations().stream()
                .filter(c -> c.factoryPid().orElse("").equals(factoryPid)).toList();
        assertEquals(1, found.size(), factoryPid);
        return found.get(0);
    }

    private static Map<String, String> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(), p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

}
