package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FleetArgsTest {

    private static final Path CWD = Path.of("/home/me/fleet");

    @Test
    void splitsLikeAShellWithQuotes() {
        assertEquals(List.of("--start-concurrency", "4", "--template", "my dir", "--x=a b", ""),
                FleetArgs.split("  --start-concurrency 4 --template 'my dir' --x=\"a b\" ''"));
        assertEquals(List.of(), FleetArgs.split("   "));
    }

    @Test
    void unclosedQuoteIsBadInput() {
        BenchException e = assertThrows(BenchException.class, () -> FleetArgs.split("--template 'x"));
        assertTrue(e.getMessage().startsWith("--fleet-args: unclosed '"), e.getMessage());
    }

    @Test
    void refusesOptionsTheHarnessSets() {
        for (String given : List.of("--edges 5", "-n 5", "--work-dir w", "--duration=1m", "--port-base 3000",
                "--wait-online 1m", "--dashboard-port 8090", "--edge-app x.jar")) {
            BenchException e = assertThrows(BenchException.class, () -> FleetArgs.parse(given, CWD), given);
            assertTrue(e.getMessage().contains("is set by the harness"), e.getMessage());
        }
        assertTrue(assertThrows(BenchException.class, () -> FleetArgs.parse("--port-base=3000", CWD)).getMessage()
                .endsWith("give --port-base to scripts/bench itself"));
    }

    @Test
    void pathValuesBecomeAbsoluteBecauseFleetStartsInAScratchDirectory() {
        FleetArgs args = FleetArgs.parse("--template tpl --db-password-file=../pw --verbose", CWD);
        assertEquals(List.of("--template", "/home/me/fleet/tpl", "--db-password-file=/home/me/pw", "--verbose"), args.args());
        assertEquals(List.of("--template", "/abs/tpl"), FleetArgs.parse("--template /abs/tpl", CWD).args());
    }

    @Test
    void readsValuesTheBaselineShares() {
        FleetArgs args = FleetArgs.parse("--port-stride=20 --first-index 5 --debug-log-edges 2", CWD);
        assertEquals(Optional.of("20"), args.value("--port-stride"));
        assertEquals(5, args.firstIndex());
        assertTrue(args.has("--debug-log-edges"));
        assertFalse(args.has("--template"));
        assertEquals(Optional.empty(), args.value("--template"));
        assertEquals(0, FleetArgs.parse("", CWD).firstIndex());
        assertEquals(2, args.debugLogEdges().getAsInt());
        assertTrue(FleetArgs.parse("", CWD).debugLogEdges().isEmpty());
        assertEquals("--fleet-args: --first-index x is not a number",
                assertThrows(BenchException.class, () -> FleetArgs.parse("--first-index x", CWD)).getMessage());
        assertThrows(BenchException.class, () -> FleetArgs.parse("--debug-log-edges=all", CWD));
    }
}
