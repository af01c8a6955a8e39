package fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the packaged fleet.jar as a user would: {@code java -jar fleet.jar ...} in a start directory. */
final class FleetJar {

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private FleetJar() {
    }

    static Path jar() {
        String path = System.getProperty("fleet.test.jar");
        Assumptions.assumeTrue(path != null, "run through Maven (failsafe): fleet.test.jar is not set");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "mvn package did not make " + jar);
        return jar;
    }

    static Result run(Path startDir, Duration timeout, String... args) throws IOException, InterruptedException {
        return run(startDir, timeout, Map.of(), args);
    }

    /** @param environment changes to the environment: a null value removes the variable */
    static Result run(Path startDir, Duration timeout, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("fleet-e2e", ".out");
        Path stderr = Files.createTempFile("fleet-e2e", ".err");
        try {
            ProcessBuilder builder = builder(startDir, stdout, stderr, args);
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError("fleet did not end within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(stdout) + "\n" + Files.readString(stderr));
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** A fleet.jar process that keeps running while the test looks at it; its output goes to files. */
    record Running(Process process, Path stdout, Path stderr) implements AutoCloseable {

        String output() throws IOException {
            return Files.readString(stdout) + "\n--- stderr\n" + Files.readString(stderr);
        }

        /** Waits until the output holds {@code text}; fails at once when fleet ends first. The output so far. */
        String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String output = output();
                if (output.contains(text)) {
                    return output;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("fleet ended before '" + text + "':\n" + output);
                }
                Thread.sleep(500);
            }
            throw new AssertionError("no '" + text + "' within " + timeout.toSeconds() + " s:\n" + output());
        }

        /**
         * SIGTERM, as systemd or a container stops it; the exit code. Not Ctrl-C's SIGINT: a process
         * started in the background of a non-interactive shell (CI) ignores SIGINT from birth.
         */
        int terminate(Duration timeout) throws IOException, InterruptedException {
            return signal("TERM", timeout);
        }

        private int signal(String signal, Duration timeout) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("fleet did not stop within " + timeout.toSeconds() + " s after SIG" + signal
                        + ":\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    static Running start(Path startDir, String... args) throws IOException {
        return start(startDir, Map.of(), args);
    }

    /** @param environment added to the environment */
    static Running start(Path startDir, Map<String, String> environment, String... args) throws IOException {
        Path stdout = Files.createTempFile("fleet-e2e", ".out");
        Path stderr = Files.createTempFile("fleet-e2e", ".err");
        ProcessBuilder builder = builder(startDir, stdout, stderr, args);
        builder.environment().putAll(environment);
        return new Running(builder.start(), stdout, stderr);
    }

    /** {@code java -jar fleet.jar ARGS} in {@code startDir}, output to the two files, plain (no colours, no bars). */
    private static ProcessBuilder builder(Path startDir, Path stdout, Path stderr, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(startDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("FLEET_PLAIN_OUTPUT", "1");
        return builder;
    }
}
