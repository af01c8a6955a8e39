package fleet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.testing.Wait;
import fleet.workdir.WorkDir;

/** The embedded PostgreSQL's life: start, stop, restart with data kept, shared and left-over servers. */
class EmbeddedServerTest {

    @TempDir
    Path temp;

    @AfterEach
    void unlinkBinaries() {
        EmbeddedTestSupport.unlinkBinaries(temp);
    }

    @Test
    void keepsItsDataAndPortAcrossRestartsAndStopsWhenClosed() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Registration first;
        PostmasterPid server;
        try (Registry registry = open(workDir)) {
            first = registry.register(new EdgeRange(0, 3), false);
            server = EmbeddedTestSupport.postmaster(workDir).orElseThrow();
            assertTrue(registry.describe().contains("127.0.0.1:" + server.port()), registry.describe());
            assertEquals(List.of(), Files.list(workDir.root()).map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals("postgres")).toList(), "everything lives in <work-dir>/postgres");
        }
        assertFalse(EmbeddedTestSupport.alive(server.pid()), "closing the last registry stops the server");
        assertFalse(EmbeddedTestSupport.listening(server.port()));
        assertTrue(EmbeddedTestSupport.postmaster(workDir).isEmpty(), "a clean stop removes postmaster.pid");

        try (Registry registry = open(workDir)) {
            Registration again = registry.register(new EdgeRange(0, 3), false);
            assertEquals(first.apikeys(), again.apikeys(), "the devices survived the restart");
            assertTrue(again.created().isEmpty());
            assertEquals(server.port(), EmbeddedTestSupport.postmaster(workDir).orElseThrow().port(),
                    "the same port again, so that the printed psql line stays valid");
        }
    }

    @Test
    void thePsqlLineOpensTheTable() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        try (Registry registry = open(workDir)) {
            registry.register(new EdgeRange(0, 2), false);
            String describe = registry.describe();
            String psql = describe.substring(describe.indexOf("psql "), describe.lastIndexOf(')'));
            String uri = psql.substring("psql ".length());
            assertTrue(uri.matches("postgresql://postgres@127\\.0\\.0\\.1:\\d+/odoo"), psql);
            if (EmbeddedTestSupport.onPath("psql")) {
                List<String> command = new java.util.ArrayList<>(List.of(psql.split(" ")));
                command.addAll(List.of("-At", "-c", "SELECT count(*) FROM openems_device"));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertTrue(process.waitFor(20, TimeUnit.SECONDS));
                assertEquals("2", output, "psql output");
            } else {
                // No psql client here: the same URI through the driver proves host, port, user and database.
                try (Connection connection = java.sql.DriverManager.getConnection("jdbc:" + uri.replace("postgres@", "")
                        + "?user=postgres"); Statement statement = connection.createStatement();
                        ResultSet count = statement.executeQuery("SELECT count(*) FROM openems_device")) {
                    assertTrue(count.next());
                    assertEquals(2, count.getInt(1));
                }
            }
        }
    }

    @Test
    void registriesInOneJvmShareTheServer() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Registry first = open(workDir);
        PostmasterPid server;
        try (Registry second = open(workDir)) {
            server = EmbeddedTestSupport.postmaster(workDir).orElseThrow();
            first.close();
            assertTrue(EmbeddedTestSupport.alive(server.pid()), "the second registry still uses it");
            assertEquals(1, second.register(new EdgeRange(7, 1), false).apikeys().size());
        } finally {
            first.close();
        }
        assertFalse(EmbeddedTestSupport.alive(server.pid()), "the last one out stops it");
    }

    @Test
    void anotherProcessJoinsTheRunningServerAndTheLastOneStopsIt() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Process holder = RegistryHolder.start(workDir.root());
        try {
            PostmasterPid server = EmbeddedTestSupport.postmaster(workDir).orElseThrow();
            try (Registry registry = open(workDir)) {
                assertTrue(registry.describe().contains("127.0.0.1:" + server.port()), "joined, not a second server");
                registry.register(new EdgeRange(0, 5), false);
            }
            assertTrue(EmbeddedTestSupport.alive(server.pid()), "the other process still uses it");
            assertEquals(server, EmbeddedTestSupport.postmaster(workDir).orElseThrow());

            holder.getOutputStream().write("close\n".getBytes(StandardCharsets.UTF_8));
            holder.getOutputStream().flush();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue());
            assertFalse(EmbeddedTestSupport.alive(server.pid()), "the last process stopped it");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void aServerLeftByAKilledFleetIsUsedAndThenStopped() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Process holder = RegistryHolder.start(workDir.root());
        holder.destroyForcibly().waitFor(); // kill -9: no shutdown hook, no close
        PostmasterPid leftover = EmbeddedTestSupport.postmaster(workDir).orElseThrow();
        assertTrue(EmbeddedTestSupport.alive(leftover.pid()), "the server outlives the killed fleet");

        try (Registry registry = open(workDir)) {
            assertEquals(leftover, EmbeddedTestSupport.postmaster(workDir).orElseThrow(), "used, not started twice");
            assertEquals(2, registry.register(new EdgeRange(0, 2), false).created().size());
        }
        assertFalse(EmbeddedTestSupport.alive(leftover.pid()), "and stopped by the next fleet that leaves");
    }

    @Test
    void aCrashedServerRecoversWithItsData() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Registration before;
        PostmasterPid crashed;
        try (Registry registry = open(workDir)) {
            before = registry.register(new EdgeRange(0, 4), false);
            crashed = EmbeddedTestSupport.postmaster(workDir).orElseThrow();
            ProcessHandle postmaster = ProcessHandle.of(crashed.pid()).orElseThrow();
            postmaster.destroyForcibly(); // the server itself dies (kill -9); its backends follow by themselves
            Wait.until(Duration.ofSeconds(10), () -> !EmbeddedTestSupport.alive(crashed.pid()), () -> "the postmaster still runs");
        }
        assertTrue(EmbeddedTestSupport.postmaster(workDir).isPresent(), "the crash left postmaster.pid behind");

        try (Registry registry = open(workDir)) {
            assertNotEquals(crashed.pid(), EmbeddedTestSupport.postmaster(workDir).orElseThrow().pid());
            Registration after = registry.register(new EdgeRange(0, 4), false);
            assertEquals(before.apikeys(), after.apikeys(), "crash recovery kept every committed device");
        }
    }

    @Test
    void aDataDirThatIsNoDatabaseIsNotTouched() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp);
        Path dataDir = EmbeddedServer.dataDir(workDir.postgresDir());
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("notes.txt"), "mine");
        fleet.FleetException refused = org.junit.jupiter.api.Assertions.assertThrows(fleet.FleetException.class,
                () -> open(workDir));
        assertTrue(refused.getMessage().contains(dataDir + " exists but is no PostgreSQL data dir"), refused.getMessage());
        assertEquals("mine", Files.readString(dataDir.resolve("notes.txt")));
    }

    private static Registry open(WorkDir workDir) {
        return Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr());
    }
}
