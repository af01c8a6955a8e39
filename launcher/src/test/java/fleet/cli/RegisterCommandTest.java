package fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ApikeyFile;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.registry.EmbeddedTestSupport;
import fleet.registry.ExternalPostgres;
import fleet.registry.Registry;
import fleet.workdir.WorkDir;

/** fleet register and fleet unregister, as a user runs them. */
class RegisterCommandTest {

    @TempDir
    Path temp;

    @AfterEach
    void unlinkBinaries() {
        EmbeddedTestSupport.unlinkBinaries(temp.resolve("work"));
    }

    @Test
    void registerWritesTheApikeysFileAndUnregisterRemovesTheDevices() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp.resolve("work"));
        Path csv = temp.resolve("keys").resolve("apikeys.csv");
        String[] register = {"register", "--edges", "3", "--first-index", "5", "--work-dir", workDir.root().toString(),
                "--out", csv.toString()};

        assertEquals(0, Main.run(register));
        Map<String, String> first = ApikeyFile.read(csv);
        assertEquals(List.of("edge5", "edge6", "edge7"), List.copyOf(first.keySet()));
        first.values().forEach(apikey -> assertTrue(apikey.matches("[A-Za-z0-9]{20}"), apikey));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
        assertEquals(ApikeyFile.HEADER, Files.readAllLines(csv).get(0));

        assertEquals(0, Main.run(register));
        assertEquals(first, ApikeyFile.read(csv), "a second run keeps every apikey");

        assertEquals(0, Main.run("unregister", "--edges", "3", "--first-index", "5", "--work-dir",
                workDir.root().toString()));
        assertEquals(0, Main.run(register));
        Map<String, String> afresh = ApikeyFile.read(csv);
        for (String name : first.keySet()) {
            assertNotEquals(first.get(name), afresh.get(name), "unregistered, so registered anew");
        }

        List<String> rotate = new ArrayList<>(List.of(register));
        rotate.add("--rotate-apikeys");
        assertEquals(0, Main.run(rotate.toArray(String[]::new)));
        for (String name : first.keySet()) {
            assertNotEquals(afresh.get(name), ApikeyFile.read(csv).get(name), "rotated");
        }
    }

    @Test
    void registerPrintsTheCsvOnStdoutAndItsOwnLinesOnStderr() throws Exception {
        WorkDir workDir = EmbeddedTestSupport.workDir(temp.resolve("work"));
        // A fleet that keeps the server up, so that the printed psql line can be tried afterwards.
        try (Registry running = Registry.open(DatabaseSettings.EMBEDDED, workDir, Console.stderr())) {
            Result result = fleet(Map.of(), "register", "--edges", "2", "--work-dir", workDir.root().toString());

            assertEquals(0, result.exitCode(), result.stderr());
            List<String> stdout = result.stdout().lines().toList();
            assertEquals(3, stdout.size(), result.stdout());
            assertEquals("name,apikey", stdout.get(0));
            assertTrue(stdout.get(1).matches("edge0,[A-Za-z0-9]{20}"), stdout.get(1));
            assertTrue(stdout.get(2).matches("edge1,[A-Za-z0-9]{20}"), stdout.get(2));
            assertTrue(result.stderr().contains("fleet: registered edge0..edge1 (2 new) in embedded PostgreSQL"),
                    result.stderr());
            String started = result.stderr().lines().filter(line -> line.contains("already running for this work dir"))
                    .findFirst().orElseThrow(() -> new AssertionError(result.stderr()));
            String psql = started.substring(started.indexOf("— psql ") + 2);
            if (EmbeddedTestSupport.onPath("psql")) {
                List<String> command = new ArrayList<>(List.of(psql.split(" ")));
                command.addAll(List.of("-At", "-c", "SELECT name FROM openems_device ORDER BY name"));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String names = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(20, TimeUnit.SECONDS));
                assertEquals(List.of("edge0", "edge1"), names.lines().toList(), "the printed psql line works");
            }
        }
    }

    @Test
    void anExternalDatabaseTakesThePasswordFromTheEnvironmentAndAsksForABackendRestart() throws Exception {
        try (ExternalPostgres odoo = ExternalPostgres.start(temp.resolve("external"))) {
            String[] register = {"register", "--edges", "2", "--db", odoo.jdbcUrl(ExternalPostgres.DATABASE),
                    "--db-user", ExternalPostgres.USER, "--work-dir", temp.resolve("unused").toString()};
            Result created = fleet(Map.of(DatabaseOptions.PASSWORD_ENV, ExternalPostgres.PASSWORD), register);
            assertEquals(0, created.exitCode(), created.stderr());
            assertTrue(created.stderr().contains("fleet: 2 new devices in openems_device: restart the OpenEMS Backend"),
                    created.stderr());

            Result again = fleet(Map.of(DatabaseOptions.PASSWORD_ENV, ExternalPostgres.PASSWORD), register);
            assertEquals(0, again.exitCode(), again.stderr());
            assertEquals(created.stdout(), again.stdout());
            assertFalse(again.stderr().contains("restart"), "every device existed: " + again.stderr());
            assertFalse(Files.exists(temp.resolve("unused")), "an external database needs no work dir");

            Path passwordFile = temp.resolve("password");
            Files.writeString(passwordFile, "Wr0ng-Pa55word\n");
            List<String> wrong = new ArrayList<>(List.of(register));
            wrong.addAll(List.of("--db-password-file", passwordFile.toString()));
            Result refused = fleet(Map.of(), wrong.toArray(String[]::new));
            assertEquals(1, refused.exitCode());
            assertTrue(refused.stderr().contains("fleet: cannot connect to database odoo at 127.0.0.1:" + odoo.port()
                    + " as odoo: FATAL: password authentication failed for user \"odoo\""), refused.stderr());
            assertFalse(refused.stderr().contains("Wr0ng-Pa55word"), refused.stderr());

            Files.writeString(passwordFile, ExternalPostgres.PASSWORD + "\n");
            assertEquals(0, Main.run(wrong.toArray(String[]::new)), "the password file's first line");
            assertEquals(0, Main.run("unregister", "--edges", "2", "--db", odoo.jdbcUrl(ExternalPostgres.DATABASE),
                    "--db-user", ExternalPostgres.USER, "--db-password-file", passwordFile.toString()));
        }
    }

    @Test
    void badDatabaseFlagsAreBadInput() {
        String workDir = temp.resolve("work").toString();
        assertEquals(2, Main.run("register", "--db-user", "odoo", "--work-dir", workDir));
        assertEquals(2, Main.run("register", "--db", "jdbc:postgresql://db/odoo?password=x", "--work-dir", workDir));
        assertEquals(2, Main.run("register", "--db", "jdbc:mysql://db/odoo", "--work-dir", workDir));
        assertEquals(2, Main.run("unregister", "--rotate-apikeys", "--work-dir", workDir), "nothing to rotate");
        assertEquals(2, Main.run("register", "--db", "jdbc:postgresql://db/odoo", "--db-password-file",
                temp.resolve("missing").toString(), "--work-dir", workDir));
        assertFalse(Files.exists(temp.resolve("work")), "bad input changes nothing");
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs fleet in its own JVM: its console writes to the process's stdout and stderr. */
    static Result fleet(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(DatabaseOptions.PASSWORD_ENV);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), stdout, stderr.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
