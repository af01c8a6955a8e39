package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeRendererTest {

    /** Run with -Dfleet.updateGolden=true to rewrite the golden files after a deliberate change. */
    static final boolean UPDATE_GOLDEN = Boolean.getBoolean("fleet.updateGolden");
    static final Path GOLDEN = Path.of("src/test/resources/fleet/config/golden");
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 7})
    void builtInTemplateRendersAsTheGoldenFiles(int index) throws IOException {
        RenderedEdge edge = RenderFixtures.renderer().render(RenderFixtures.spec(index));
        Path golden = GOLDEN.resolve("edge" + index);
        if (UPDATE_GOLDEN) {
            edge.writeTo(golden);
        }
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(golden)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(RenderedEdge.MANIFEST))::iterator) {
                expected.put(golden.relativize(file).toString(), Files.readString(file));
            }
        }
        assertEquals(expected.keySet(), edge.texts().keySet(), "file names");
        expected.forEach((path, text) -> assertEquals(text, edge.texts().get(path), path));
    }

    @Test
    void edgeSevenGetsItsIdentityPortsAndSettings() {
        EdgeRenderer renderer = RenderFixtures.renderer();
        RenderedEdge edge = renderer.render(RenderFixtures.spec(7));
        assertEquals(20_070, edge.restPort());
        assertEquals(20_071, edge.websocketPort());
        assertEquals(20_072, edge.modbusPort());
        assertEquals("apikey7-XXXXXXXXXXXXXX", edge.apikey());

        Configuration backend = byFactory(edge, FactoryPids.BACKEND).get(0);
        assertEquals("apikey7-XXXXXXXXXXXXXX", backend.string("apikey").orElseThrow());
        assertEquals("ws://backend.test:8081", backend.string("uri").orElseThrow());
        assertEquals(ConfigValue.of(false), byFactory(edge, FactoryPids.DEBUG_LOG).get(0).get("enabled").orElseThrow());
        assertEquals(ConfigValue.of(true), byFactory(renderer.render(RenderFixtures.spec(0)), FactoryPids.DEBUG_LOG)
                .get(0).get("enabled").orElseThrow(), "edge0 keeps its debug log");
        assertEquals("/srv/fleet work/edges/edge7/logs/openems.log", edge.files().get("org/ops4j/pax/logging.config")
                .string("log4j2.appender.file.fileName").orElseThrow());

        Template template = renderer.template();
        for (Configuration original : template.configurations()) {
            String oldPid = original.pid().orElseThrow();
            String newPid = edge.pidOf(oldPid);
            Configuration rendered = edge.files().get(ConfigFile.relativePath(newPid));
            assertEquals(newPid, rendered.pid().orElseThrow());
            assertEquals(original.componentId(), rendered.componentId(), "component ids stay the same");
            assertEquals(original.factoryPid(), rendered.factoryPid());
            if (original.isFactory()) {
                assertTrue(newPid.startsWith(original.factoryPid().orElseThrow() + "."), newPid);
                assertTrue(UUID.matcher(newPid.substring(newPid.lastIndexOf('.') + 1)).matches(), newPid);
                assertNotEquals(oldPid, newPid);
            } else {
                assertEquals(oldPid, newPid, "singletons keep their PID");
            }
        }
    }

    @Test
    void everyReferenceToATemplatePidIsRewritten() {
        RenderedEdge edge = RenderFixtures.renderer().render(RenderFixtures.spec(3));
        Set<String> templatePids = Template.builtIn().configurations().stream().filter(Configuration::isFactory)
                .map(c -> c.pid().orElseThrow()).collect(Collectors.toSet());
        edge.texts().forEach((path, text) -> templatePids.forEach(pid -> assertFalse(text.contains(pid), path
                + " still names " + pid)));
        for (Configuration c : edge.configurations()) {
            c.properties().forEach((key, value) -> {
                if (key.endsWith(".target") && value.strings().get(0).contains("service.pid=")) {
                    assertTrue(value.strings().get(0).contains("(!(service.pid=" + c.pid().orElseThrow() + "))"),
                            key + " of " + c.pid().orElseThrow() + " names its own new PID");
                }
            });
        }
    }

    @Test
    void rewritesWholePidsOnlyLongestFirst() throws IOException {
        Path dir = tmp.resolve("t");
        write(dir, "A/1.config", "service.pid=\"A.1\"\nservice.factoryPid=\"A\"\nref=\"A.1\"\n");
        write(dir, "A/10.config", "service.pid=\"A.10\"\nservice.factoryPid=\"A\"\nrefs=[\"A.1\", \"A.10\", \"A.1x\","
                + " \"(service.pid\\=A.10)\", \"xA.1\"]\n");
        Template t = Template.load(dir);
        RenderedEdge edge = new EdgeRenderer(t, 1, PortPlan.perEdge(t, 30_000, 1)).render(
                new EdgeSpec(0, "edge0", "k", Optional.empty(), true, Map.of()));
        String one = edge.pidOf("A.1");
        String ten = edge.pidOf("A.10");
        assertEquals(one, edge.files().get(ConfigFile.relativePath(one)).string("ref").orElseThrow());
        assertEquals(ConfigValue.ofStrings(one, ten, "A.1x", "(service.pid=" + ten + ")", "xA.1"),
                edge.files().get(ConfigFile.relativePath(ten)).get("refs").orElseThrow());
    }

    @Test
    void renderingIsReproducibleFromTheSeedAndDiffersPerSeedAndEdge() {
        RenderedEdge a = RenderFixtures.renderer().render(RenderFixtures.spec(5));
        RenderedEdge b = RenderFixtures.renderer().render(RenderFixtures.spec(5));
        assertEquals(a.texts(), b.texts());
        Template template = Template.builtIn();
        RenderedEdge otherSeed = new EdgeRenderer(template, RenderFixtures.SEED + 1, PortPlan.perEdge(template, 20_000,
                10)).render(RenderFixtures.spec(5));
        assertNotEquals(a.pids(), otherSeed.pids());
        RenderedEdge otherEdge = RenderFixtures.renderer().render(RenderFixtures.spec(6));
        Set<String> shared = new HashSet<>(a.pids().values());
        shared.retainAll(otherEdge.pids().values());
        assertEquals(Set.of("org.ops4j.pax.logging"), shared);
    }

    @Test
    void keepsTheTemplatesBackendUriWhenNoneIsGiven() {
        RenderedEdge edge = RenderFixtures.renderer().render(new EdgeSpec(2, "edge2", "key2", Optional.empty(), true,
                Map.of(Placeholders.LOG_DIR, "/logs")));
        assertEquals("ws://localhost:8081", byFactory(edge, FactoryPids.BACKEND).get(0).string("uri").orElseThrow());
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> RenderFixtures.renderer().render(
                new EdgeSpec(2, "edge2", "key2", Optional.empty(), true, Map.of())));
        assertEquals("template built-in simulated-edge/org/ops4j/pax/logging.config uses {{fleet:logDir}}, which fleet"
                + " does not fill in here (it knows: {{fleet:edgeIndex}}, {{fleet:edgeName}})", e.getMessage());
    }

    @Test
    void thousandEdgesShareNoPidFileNameOrPort() {
        EdgeRenderer renderer = RenderFixtures.renderer();
        Set<String> pids = new HashSet<>();
        Set<String> factoryFiles = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        int factoryConfigs = (int) renderer.template().configurations().stream().filter(Configuration::isFactory)
                .count();
        for (int i = 0; i < 1000; i++) {
            RenderedEdge edge = renderer.render(RenderFixtures.spec(i));
            for (Configuration c : edge.configurations()) {
                if (c.isFactory()) {
                    assertTrue(pids.add(c.pid().orElseThrow()), "duplicate PID " + c.pid());
                    assertTrue(factoryFiles.add(ConfigFile.relativePath(c.pid().orElseThrow())), "duplicate file");
                }
            }
            for (int port : edge.ports().values()) {
                assertTrue(ports.add(port), "duplicate port " + port + " at edge" + i);
            }
        }
        assertEquals(1000 * factoryConfigs, pids.size());
        assertEquals(3000, ports.size());
        assertEquals(Set.of(), ports.stream().filter(p -> p < 20_000 || p > 65535).collect(Collectors.toSet()));
    }

    @Test
    void writeToReplacesWhatAPreviousRunLeft() throws IOException {
        Path configDir = tmp.resolve("edges/edge1/config.d");
        write(configDir, "Core/Cycle.config", "service.pid=\"Core.Cycle\"\n");
        write(configDir, "Controller/Api/Backend/old.config.tmp", "");
        RenderedEdge edge = RenderFixtures.renderer().render(RenderFixtures.spec(1));
        edge.writeTo(configDir);
        Map<String, String> written = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(configDir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                written.put(configDir.relativize(file).toString(), Files.readString(file));
            }
        }
        assertEquals(new TreeSet<>(edge.texts().keySet()), new TreeSet<>(Files.readAllLines(configDir.resolve(
                RenderedEdge.MANIFEST))), "the manifest lists what fleet rendered");
        written.remove(RenderedEdge.MANIFEST);
        assertEquals(edge.texts(), written);
        assertFalse(Files.exists(configDir.resolve("Core")), "emptied directories are removed");
        // what was written reads back as the same configurations
        assertEquals(edge.files(), Template.load(configDir).configurations().stream()
                .collect(Collectors.toMap(c -> ConfigFile.relativePath(c.pid().orElseThrow()), c -> c, (x, y) -> x,
                        TreeMap::new)));
    }

    @Test
    void writeToRefusesToDeleteFilesThatAreNoConfiguration() throws IOException {
        Path configDir = tmp.resolve("home");
        write(configDir, "Core/Cycle.config", "service.pid=\"Core.Cycle\"\n");
        write(configDir, "thesis.tex", "precious");
        ConfigException e = assertThrows(ConfigException.class,
                () -> RenderFixtures.renderer().render(RenderFixtures.spec(1)).writeTo(configDir));
        assertTrue(e.getMessage().contains("holds thesis.tex, which is not a configuration file"), e.getMessage());
        assertTrue(Files.exists(configDir.resolve("Core/Cycle.config")), "nothing was deleted");
    }

    @Test
    void warmStartWritesOpenemsSingletonsOnceAndKeepsWhatOpenemsWroteIntoThem() throws IOException {
        Template template = Template.builtIn();
        Set<String> available = Set.of("Core.Cycle", "Core.Sum", "Ess.Power");
        EdgeRenderer renderer = new EdgeRenderer(template, RenderFixtures.SEED, PortPlan.perEdge(template, 20_000, 10),
                CoreSingletons.warmStart(available, 5000));
        Path configDir = tmp.resolve("edges/edge1/config.d");
        renderer.render(RenderFixtures.spec(1)).writeTo(configDir);

        Configuration sum = ConfigFile.read(configDir.resolve("Core/Sum.config"));
        assertEquals(Optional.of("_sum"), sum.componentId(), "the id OpenEMS's validateSingleton writes");
        assertEquals(Optional.of("Core.Sum"), sum.string("alias"));
        assertEquals(Optional.of(ConfigValue.of(5000)), ConfigFile.read(configDir.resolve("Core/Cycle.config"))
                .get(CoreSingletons.CYCLE_TIME));
        assertTrue(Files.exists(configDir.resolve("Ess/Power.config")));
        assertFalse(Files.exists(configDir.resolve("Core/Meta.config")), "no configuration for a missing component");

        // OpenEMS writes at runtime: extreme values into Core.Sum, a configuration of its own.
        ConfigFile.write(configDir.resolve("Core/Sum.config"), sum.with("gridMaxActivePower", ConfigValue.of(4200)));
        write(configDir, "Core/User.config", "service.pid=\"Core.User\"\nadminSalt=\"x\"\n");
        EdgeRenderer faster = new EdgeRenderer(template, RenderFixtures.SEED, PortPlan.perEdge(template, 20_000, 10),
                CoreSingletons.warmStart(available, 1000));
        RenderedEdge again = faster.render(RenderFixtures.spec(1));
        again.writeTo(configDir);

        assertEquals(Optional.of(ConfigValue.of(4200)), ConfigFile.read(configDir.resolve("Core/Sum.config"))
                .get("gridMaxActivePower"), "OpenEMS's values survive a re-run");
        assertTrue(Files.exists(configDir.resolve("Core/User.config")), "OpenEMS's own configurations stay");
        assertEquals(Optional.of(ConfigValue.of(1000)), ConfigFile.read(configDir.resolve("Core/Cycle.config"))
                .get(CoreSingletons.CYCLE_TIME), "the cycle time is fleet's");
        again.texts().forEach((path, text) -> assertEquals(text, read(configDir.resolve(path)), path));
    }

    @Test
    void reRenderRemovesOnlyWhatFleetRenderedBefore() throws IOException {
        Path configDir = tmp.resolve("edges/edge2/config.d");
        RenderedEdge edge = RenderFixtures.renderer().render(RenderFixtures.spec(2));
        edge.writeTo(configDir);
        // a component fleet rendered in an earlier run, whose template no longer has it
        write(configDir, "Controller/Old/gone.config", "service.pid=\"Controller.Old.gone\"\n");
        Files.writeString(configDir.resolve(RenderedEdge.MANIFEST), "Controller/Old/gone.config\n",
                java.nio.file.StandardOpenOption.APPEND);
        // a configuration OpenEMS created by itself, and a half-written one of a killed edge
        write(configDir, "Timedata/Rrd4j/created-by-openems.config", "service.pid=\"Timedata.Rrd4j.x\"\n");
        write(configDir, "Core/Meta.config.tmp", "");

        edge.writeTo(configDir);

        assertFalse(Files.exists(configDir.resolve("Controller/Old")), "fleet's old file and its directory are gone");
        assertTrue(Files.exists(configDir.resolve("Timedata/Rrd4j/created-by-openems.config")));
        assertFalse(Files.exists(configDir.resolve("Core/Meta.config.tmp")));
    }

    @Test
    void templateCycleTimeIsTheDefaultAndCoreConfigurationsAreStillLeftOut() {
        Template t = Template.build("test", Map.of("Core/Cycle.config",
                "service.pid=\"Core.Cycle\"\ncycleTime=I\"2500\"\n", "Controller/Api/Backend/a.config",
                "service.pid=\"Controller.Api.Backend.a\"\nservice.factoryPid=\"Controller.Api.Backend\"\nid=\"ctrlBackend0\"\n"),
                List.of());
        assertEquals(Optional.of(2500), t.cycleTimeMs());
        assertTrue(t.configuration("Core.Cycle").isEmpty());
        assertEquals(Optional.empty(), Template.builtIn().cycleTimeMs());
        ConfigException bad = assertThrows(ConfigException.class, () -> Template.build("test", Map.of(
                "Core/Cycle.config", "service.pid=\"Core.Cycle\"\ncycleTime=\"fast\"\n"), List.of()));
        assertTrue(bad.getMessage().contains("cycleTime must be a positive number"), bad.getMessage());
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Configuration> byFactory(RenderedEdge edge, String factoryPid) {
        List<Configuration> found = new ArrayList<>();
        edge.configurations().forEach(c -> c.factoryPid().filter(factoryPid::equals).ifPresent(f -> found.add(c)));
        return found;
    }

    static void write(Path dir, String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
