package fleet.backend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import fleet.FleetException;
import fleet.config.ConfigFile;
import fleet.config.Configuration;
import fleet.state.BackendProcessStatus;

/**
 * One OpenEMS Backend application (openems-backend.jar or openems-backend-edge.jar) as a child
 * JVM: its own directory {@code <work-dir>/backend/<name>/} with a configuration written fresh at
 * every start ({@code config/}, ConfigAdmin's {@code felix.cm.dir}) and its {@code data/}, its output
 * in {@code <work-dir>/logs/backend/<name>.log}, its servers kept on 127.0.0.1 by fleet's bind agent
 * (OpenEMS's websocket servers have no bind address), its web console off.
 */
final class BackendProcess {

    private final String name;
    private final Path jar;
    private final Path dir;
    private final Path log;
    private final int port;
    private volatile Process process;
    private volatile Instant startedAt;
    /** What it was started with, for a restart. */
    private volatile Runnable startAgain;

    /** @param port the port its edge-side server listens on, for readiness and status */
    BackendProcess(String name, Path jar, Path dir, Path log, int port) {
        this.name = name;
        this.jar = jar;
        this.dir = dir;
        this.log = log;
        this.port = port;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    Path log() {
        return log;
    }

    /** Writes its configuration fresh (what a run before left is replaced) and starts it. */
    void start(List<Configuration> configurations, Path agentJar, String bind, List<String> jvmFlags) {
        startAgain = () -> start(configurations, agentJar, bind, jvmFlags);
        Path config = dir.resolve("config");
        try {
            deleteTree(config);
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(log.getParent());
            for (Configuration c : configurations) {
                Path file = config.resolve(ConfigFile.relativePath(c.pid().orElseThrow()));
                Files.createDirectories(file.getParent());
                ConfigFile.write(file, c);
            }
            if (configurations.stream().anyMatch(c -> c.properties().containsKey("pgPassword"))) {
                restrictToOwner(config); // the database password stays the user's
            }
        } catch (IOException e) {
            throw FleetException.failure("cannot prepare " + dir + " for the OpenEMS " + name + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-javaagent:" + agentJar + "=" + bind);
        command.add("-Dfelix.cm.dir=" + config);
        command.add("-Dopenems.data.dir=" + dir.resolve("data"));
        command.add("-Dorg.apache.felix.http.enable=false"); // the web console: not needed, no port taken
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("NOTIFY_SOCKET");
        try {
            Files.writeString(log, "---- fleet starts the OpenEMS " + name + " at " + Instant.now() + ": "
                    + String.join(" ", command) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
            startedAt = Instant.now();
        } catch (IOException e) {
            throw FleetException.failure("cannot start the OpenEMS " + name + " (" + command.get(0) + " -jar " + jar
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * Waits until its server accepts connections on 127.0.0.1.
     *
     * @throws FleetException naming the log when it ended or did not listen in time
     */
    void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw FleetException.failure("the OpenEMS " + name + " ended with exit code " + process.exitValue()
                        + " before it listened on port " + port + ": see " + log + lastLine());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(250);
            }
        }
        throw FleetException.failure("the OpenEMS " + name + " did not listen on port " + port + " within "
                + timeout.toSeconds() + " s: see " + log + lastLine());
    }

    /** Starts it again as before (after {@link #stop}). */
    void startAgain() {
        startAgain.run();
    }

    Optional<ProcessHandle> handle() {
        Process running = process;
        return running == null ? Optional.empty() : Optional.of(running.toHandle());
    }

    /**
     * SIGTERM, then a kill when it has not ended after {@code grace}.
     *
     * @return how it ended, for fleet's log
     */
    String stop(Duration grace) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return "not running";
        }
        running.destroy();
        try {
            if (running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return "ended after SIGTERM (exit code " + running.exitValue() + ")";
            }
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return "killed: still running " + grace.toSeconds() + " s after SIGTERM";
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
            return "killed (interrupted)";
        }
    }

    BackendProcessStatus status() {
        Process running = process;
        String state = running == null ? "NOT_STARTED" : running.isAlive() ? "RUNNING"
                : "EXITED " + running.exitValue();
        return new BackendProcessStatus(name, state, running == null ? -1 : running.pid(), port, startedAt,
                log.toString());
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return " (last line: " + lines.get(i).strip() + ")";
                }
            }
        } catch (IOException e) {
            // the log is named anyway
        }
        return "";
    }

    private static void restrictToOwner(Path config) throws IOException {
        try (var files = Files.walk(config)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the work dir's own permissions apply
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FleetException.failure("interrupted while waiting for the OpenEMS Backend");
        }
    }
}
