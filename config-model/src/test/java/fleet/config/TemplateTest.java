package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {

    @TempDir
    Path dir;

    @Test
    void builtInTemplateIsTheSimulatedEdge() {
        Template t = Template.builtIn();
        assertEquals(List.of(), t.warnings());
        assertEquals("built-in simulated-edge", t.source());
        Map<String, Long> byFactory = t.configurations().stream().filter(Configuration::isFactory)
                .collect(Collectors.groupingBy(c -> c.factoryPid().orElseThrow(), java.util.TreeMap::new,
                        Collectors.counting()));
        assertEquals(Map.ofEntries(Map.entry("Controller.Api.Backend", 1L), Map.entry("Controller.Api.Rest.ReadOnly", 1L),
                Map.entry("Controller.Api.Websocket", 1L), Map.entry("Controller.Api.ModbusTcp.ReadOnly", 1L),
                Map.entry("Controller.CHP.SoC", 1L), Map.entry("Controller.Debug.Log", 1L),
                Map.entry("Controller.Ess.LimitTotalDischarge", 1L), Map.entry("Controller.IO.ChannelSingleThreshold", 1L),
                Map.entry("Controller.Io.FixDigitalOutput", 1L), Map.entry("Controller.IO.HeatingElement", 1L),
                Map.entry("Controller.Symmetric.Balancing", 1L), Map.entry("Simulator.Datasource.CSV.Direct", 3L),
                Map.entry("Simulator.GridMeter.Reacting", 1L), Map.entry("Simulator.ProductionMeter.Acting", 2L),
                Map.entry("Simulator.NRCMeter.Acting", 1L), Map.entry("Simulator.EssSymmetric.Reacting", 1L),
                Map.entry("Simulator.IO.DigitalInputOutput", 1L), Map.entry("Scheduler.AllAlphabetically", 1L),
                Map.entry("Timedata.Rrd4j", 1L)), byFactory);
        assertEquals(List.of("org.ops4j.pax.logging"), t.configurations().stream().filter(c -> !c.isFactory())
                .map(c -> c.pid().orElseThrow()).toList());
        Set<String> ids = t.configurations().stream().flatMap(c -> c.componentId().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("ctrlApiModbusTcp0", "ctrlApiRest0", "ctrlApiWebsocket0", "ctrlBackend0",
                "ctrlBalancing0", "ctrlChannelSingleThreshold0", "ctrlChpSoc0", "ctrlDebugLog0", "ctrlIoFixDigitalOutput0",
                "ctrlIoHeatingElement0", "ctrlLimitTotalDischarge0", "datasource0", "datasource1", "datasource2", "ess0",
                "io0", "meter0", "meter1", "meter2", "meter3", "rrd4j0", "scheduler0")), ids);
        assertEquals(List.of("ctrlApiRest0.port 8084 REST", "ctrlApiWebsocket0.port 8085 WEBSOCKET",
                "ctrlApiModbusTcp0.port 502 MODBUS"), t.portSlots().stream()
                        .map(s -> s.label() + " " + s.templatePort() + " " + s.api()).toList());
        assertEquals(Set.of(Placeholders.LOG_DIR), t.placeholders());
    }

    @Test
    void builtInValuesAreTheNotesProfiles() {
        Template t = Template.builtIn();
        Map<String, Double> averageById = t.configurations().stream()
                .filter(c -> c.factoryPid().orElse("").equals("Simulator.Datasource.CSV.Direct"))
                .collect(Collectors.toMap(c -> c.componentId().orElseThrow(), c -> java.util.Arrays.stream(c
                        .string("source").orElseThrow().split("\n")).mapToInt(Integer::parseInt).average()
                        .orElseThrow()));
        assertEquals(500, averageById.get("datasource0"), 25, "consumption around 500 W");
        assertEquals(3000, averageById.get("datasource1"), 50, "PV West around 3000 W");
        assertEquals(2000, averageById.get("datasource2"), 50, "PV East around 2000 W");
        Configuration meter3 = t.configurations().stream().filter(c -> c.componentId().orElse("").equals("meter3"))
                .findFirst().orElseThrow();
        assertEquals("Simulator.NRCMeter.Acting", meter3.factoryPid().orElseThrow());
    }

    /** A jar cannot be listed, so the built-in template has an index: it must name every file. */
    @Test
    void indexListsEveryFileOfTheBuiltInTemplate() throws IOException, URISyntaxException {
        URL index = getClass().getClassLoader().getResource("fleet/templates/simulated-edge.index");
        Set<String> files;
        if ("jar".equals(index.getProtocol())) {
            String jar = index.toString().substring(0, index.toString().indexOf("!/"));
            try (FileSystem zip = FileSystems.newFileSystem(URI.create(jar), Map.of())) {
                files = list(zip.getPath("/fleet/templates/simulated-edge"));
            }
        } else {
            files = list(Path.of(index.toURI()).resolveSibling("simulated-edge"));
        }
        Set<String> listed = Files.readAllLines(Path.of("../templates/src/main/resources/fleet/templates/"
                + "simulated-edge.index")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, listed);
        assertEquals(listed.size(), Template.builtIn().configurations().size());
    }

    private static Set<String> list(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void fileNameThatDoesNotMatchItsPidFailsNamingBoth() throws IOException {
        write("Controller/Api/Backend/aaaa.config", "service.pid=\"Controller.Api.Backend.bbbb\"\n"
                + "service.factoryPid=\"Controller.Api.Backend\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Template.load(dir));
        assertEquals(dir + "/Controller/Api/Backend/aaaa.config has service.pid=Controller.Api.Backend.bbbb, so Felix"
                + " ConfigAdmin would skip it without a word: rename the file to Controller/Api/Backend/bbbb.config"
                + " (or set service.pid=\"Controller.Api.Backend.aaaa\")", e.getMessage());
    }

    @Test
    void fileWithoutPidFailsNamingTheExpectedPid() throws IOException {
        write("Simulator/App.config", "enabled=B\"true\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Template.load(dir));
        assertEquals(dir + "/Simulator/App.config has no service.pid, and Felix ConfigAdmin ignores such a file: add"
                + " service.pid=\"Simulator.App\"", e.getMessage());
    }

    @Test
    void syntaxErrorNamesTemplateFileAndLine() throws IOException {
        write("Simulator/App.config", "service.pid=\"Simulator.App\"\nalias=\"two words\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Template.load(dir));
        assertTrue(e.getMessage().startsWith(dir + "/Simulator/App.config:2: property alias: unescaped space"),
                e.getMessage());
    }

    @Test
    void leavesOutWhatOpenEmsCreatesAtRuntimeAndSaysSo() throws IOException {
        write("Core/Cycle.config", "service.pid=\"Core.Cycle\"\ncycleTime=I\"1000\"\n");
        write("Core/Meta.config", "service.pid=\"Core.Meta\"\n");
        write("Ess/Power.config", "service.pid=\"Ess.Power\"\n");
        write("Evcs/SlowPowerIncreaseFilter.config", "service.pid=\"Evcs.SlowPowerIncreaseFilter\"\n");
        write("org_apache_felix_cm_impl_DynamicBindings.config", "org.ops4j.pax.logging=\"jar/pax.jar\"\n");
        write("Simulator/App.config", "service.pid=\"Simulator.App\"\nservice.bundleLocation=\"jar/sim.jar\"\n");
        write("notes.txt", "hello");
        Template t = Template.load(dir);
        assertEquals(List.of("Simulator.App"), t.configurations().stream().map(c -> c.pid().orElseThrow()).toList());
        assertFalse(t.configurations().get(0).properties().containsKey("service.bundleLocation"));
        assertEquals(List.of(
                "template " + dir + ": left out what OpenEMS and ConfigAdmin create at runtime, so every edge gets its"
                        + " own: Core.Cycle, Core.Meta, Ess.Power, Evcs.SlowPowerIncreaseFilter,"
                        + " org_apache_felix_cm_impl_DynamicBindings.config",
                "template " + dir + ": removed service.bundleLocation (fleet's bundle locations differ) from Simulator.App",
                "template " + dir + ": ignored files that are not .config files: notes.txt",
                "template " + dir + " has no Controller.Api.Backend configuration: the edges will not connect to any"
                        + " backend"), t.warnings());
    }

    @Test
    void templateOfRuntimeConfigurationsOnlyIsAnError() throws IOException {
        write("Core/Cycle.config", "service.pid=\"Core.Cycle\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Template.load(dir));
        assertTrue(e.getMessage().contains("has no configurations to render (only ones OpenEMS creates at runtime:"
                + " Core.Cycle)"), e.getMessage());
        assertThrows(ConfigException.class, () -> Template.load(dir.resolve("missing")));
    }

    @Test
    void portsOfClientsAreNoSlots() throws IOException {
        write("Bridge/Modbus/Tcp/b1.config", "service.pid=\"Bridge.Modbus.Tcp.b1\"\nservice.factoryPid=\"Bridge.Modbus.Tcp\"\n"
                + "port=I\"502\"\nid=\"modbus0\"\n");
        write("Controller/Api/Rest/ReadWrite/r1.config", "service.pid=\"Controller.Api.Rest.ReadWrite.r1\"\n"
                + "service.factoryPid=\"Controller.Api.Rest.ReadWrite\"\nport=I\"8084\"\nid=\"ctrlApiRest0\"\n");
        write("Evcs/Ocpp/Server/o1.config", "service.pid=\"Evcs.Ocpp.Server.o1\"\nservice.factoryPid=\"Evcs.Ocpp.Server\"\n"
                + "port=\"8887\"\nid=\"ocpp0\"\n");
        Template t = Template.load(dir);
        assertEquals(List.of("ctrlApiRest0.port REST", "ocpp0.port OTHER"),
                t.portSlots().stream().map(s -> s.label() + " " + s.api()).toList());
    }

    @Test
    void duplicateComponentIdsAreWarnedAbout() throws IOException {
        write("A/a1.config", "service.pid=\"A.a1\"\nservice.factoryPid=\"A\"\nid=\"x0\"\n");
        write("A/a2.config", "service.pid=\"A.a2\"\nservice.factoryPid=\"A\"\nid=\"x0\"\n");
        assertTrue(Template.load(dir).warnings().contains("template " + dir + ": component id x0 is used by 2"
                + " configurations (A.a1, A.a2); OpenEMS needs unique ids per edge"));
    }

    @Test
    void malformedPlaceholderIsAnErrorNamingFileAndProperty() throws IOException {
        write("A.config", "service.pid=\"A\"\npath=\"{{fleet:log\\ dir}}\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Template.load(dir));
        assertTrue(e.getMessage().startsWith(dir + "/A.config: property path: malformed placeholder"), e.getMessage());
    }

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
