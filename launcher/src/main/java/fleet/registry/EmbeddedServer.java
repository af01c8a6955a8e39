package fleet.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.postgresql.Driver;

import fleet.FleetException;
import fleet.console.Console;

/**
 * The embedded PostgreSQL of one work dir: real PostgreSQL binaries run as their own server
 * process on 127.0.0.1, data in {@code <work-dir>/postgres/data}, kept across runs.
 *
 * <pre>
 * &lt;work-dir&gt;/postgres/
 *   data/            the data dir (created by initdb elsewhere and renamed: never half initialised)
 *   binaries/        the unpacked PostgreSQL bundle(s)
 *   server.log       initdb, pg_ctl and server output
 *   port             the last port, tried first on the next start (the printed psql line stays valid)
 *   start.lock       held while a fleet process starts or stops the server
 *   users.lock       shared-locked by every fleet process that uses the server
 * </pre>
 *
 * <p>Several fleet processes may use one server (e.g. {@code fleet register} while {@code fleet run}
 * runs on the same work dir): whoever finds it running uses it, and the last one to leave stops it.
 * A server left running by a fleet that was killed is found the same way and used, so it never
 * runs twice and is stopped by the next fleet that leaves. PostgreSQL itself refuses a second
 * server on a data dir ({@code postmaster.pid}), so the data dir cannot be corrupted by a race.
 */
final class EmbeddedServer {

    static final String DATABASE = "odoo";
    static final String USER = "postgres";
    static final String HOST = "127.0.0.1";

    private static final Duration LOCK_WAIT = Duration.ofSeconds(90);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(15);
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 5;

    /**
     * One instance per data dir and JVM, shared by leases: file locks belong to the whole JVM, and
     * closing any channel of a locked file would drop the JVM's locks on it.
     */
    private static final Map<Path, EmbeddedServer> IN_THIS_JVM = new HashMap<>();

    private final Path root;
    private final Path dataDir;
    private final FileChannel startChannel;
    private final FileChannel usersChannel;
    private final FileLock usersLock;
    private final PgPrograms programs;
    private final int port;
    private final boolean foundRunning;
    private final Console console;
    private final Thread shutdownHook;
    private int leases;

    private EmbeddedServer(Path root, FileChannel startChannel, FileChannel usersChannel, FileLock usersLock,
            PgPrograms programs, int port, boolean foundRunning, Console console) {
        this.root = root;
        this.dataDir = dataDir(root);
        this.startChannel = startChannel;
        this.usersChannel = usersChannel;
        this.usersLock = usersLock;
        this.programs = programs;
        this.port = port;
        this.foundRunning = foundRunning;
        this.console = console;
        // A Ctrl-C of a command that never reaches its close() must not leave the server running.
        this.shutdownHook = new Thread(() -> releaseAll(this), "fleet-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Uses the server of {@code root} (= {@code <work-dir>/postgres}), starting it if nobody runs it. */
    static synchronized EmbeddedServer acquire(Path root, Console console) {
        Path key = root.toAbsolutePath().normalize();
        EmbeddedServer server = IN_THIS_JVM.get(key);
        if (server == null) {
            server = open(key, console);
            IN_THIS_JVM.put(key, server);
        }
        server.leases++;
        return server;
    }

    /** Gives back one lease; the last lease of the last fleet process stops the server. */
    static synchronized void release(EmbeddedServer server) {
        if (IN_THIS_JVM.get(server.root) != server || --server.leases > 0) {
            return;
        }
        IN_THIS_JVM.remove(server.root);
        try {
            Runtime.getRuntime().removeShutdownHook(server.shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or about to, and finds nothing left to do
        }
        server.leave();
    }

    private static synchronized void releaseAll(EmbeddedServer server) {
        if (IN_THIS_JVM.get(server.root) == server) {
            server.leases = 1;
            release(server);
        }
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** True when another fleet process (or a killed one) had it running already. */
    boolean foundRunning() {
        return foundRunning;
    }

    /** A JDBC URL for the database fleet uses, as the superuser (trust authentication on 127.0.0.1). */
    String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    /** The line a person pastes into a shell to look at the table. */
    String psqlCommand() {
        return "psql postgresql://" + USER + "@" + HOST + ":" + port + "/" + DATABASE;
    }

    static Path dataDir(Path root) {
        return root.resolve("data");
    }

    private static EmbeddedServer open(Path root, Console console) {
        FileChannel startChannel = null;
        FileChannel usersChannel = null;
        try {
            Files.createDirectories(root);
            startChannel = FileChannel.open(root.resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            usersChannel = FileChannel.open(root.resolve("users.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            try (FileLock starting = lockWithin(startChannel, root)) {
                // Exclusive holders of users.lock hold start.lock too, so this shared lock is granted at once.
                FileLock usersLock = usersChannel.tryLock(0, Long.MAX_VALUE, true);
                if (usersLock == null) {
                    throw FleetException.failure("cannot lock " + root.resolve("users.lock"));
                }
                PgPrograms programs = new PgPrograms(PostgresBinaries.prepare(root.resolve("binaries")),
                        root.resolve("server.log"));
                Path dataDir = dataDir(root);
                Optional<Integer> running = runningPort(dataDir, programs);
                int port = running.isPresent() ? running.get() : start(root, programs);
                try {
                    createDatabase(port);
                } catch (RuntimeException e) {
                    if (running.isEmpty()) {
                        stop(programs, dataDir);
                    }
                    throw e;
                }
                return new EmbeddedServer(root, startChannel, usersChannel, usersLock, programs, port,
                        running.isPresent(), console);
            }
        } catch (IOException e) {
            closeQuietly(startChannel, usersChannel);
            throw FleetException.failure("cannot use " + root + " for the embedded PostgreSQL: " + e.getMessage()
                    + " — choose another --work-dir or fix its permissions", e);
        } catch (RuntimeException e) {
            closeQuietly(startChannel, usersChannel);
            throw e;
        }
    }

    /**
     * The port of a server already running on this data dir, if it answers. A server that runs but
     * does not answer (e.g. left in shutdown) is stopped, so that a fresh one can start.
     */
    private static Optional<Integer> runningPort(Path dataDir, PgPrograms programs) throws IOException {
        Optional<PostmasterPid> pidFile = PostmasterPid.read(dataDir);
        Optional<ProcessHandle> process = pidFile.flatMap(PostmasterPid::process);
        if (pidFile.isEmpty() || process.isEmpty()) {
            return Optional.empty(); // not running; PostgreSQL replaces a stale postmaster.pid itself
        }
        PostmasterPid pid = pidFile.get();
        Optional<String> command = process.get().info().command();
        if (command.isPresent() && !command.get().contains("postgres")) {
            // Stale, and its pid was reused by some other program (after a reboot): PostgreSQL would
            // refuse to start. Only then is the file removed; a live server's file never is.
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
            return Optional.empty();
        }
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        while (System.nanoTime() < deadline && PostmasterPid.running(pid.pid())) {
            if (answers(pid.port(), dataDir)) {
                return Optional.of(pid.port());
            }
            sleep(Duration.ofMillis(200));
        }
        if (PostmasterPid.running(pid.pid())) {
            if (command.isEmpty() || !stop(programs, dataDir)) {
                throw FleetException.failure("the embedded PostgreSQL of this work dir (pid " + pid.pid() + ", data in "
                        + dataDir + ") runs but neither answers nor stops: stop it (kill " + pid.pid()
                        + ") and try again" + programs.quoteLogTail());
            }
        }
        return Optional.empty();
    }

    private static int start(Path root, PgPrograms programs) throws IOException {
        Path dataDir = dataDir(root);
        initdbIfNeeded(root, programs);
        Path portFile = root.resolve("port");
        int port = lastPort(portFile).filter(EmbeddedServer::isFree).orElseGet(EmbeddedServer::freePort);
        for (int attempt = 1;; attempt++) {
            PgPrograms.Outcome outcome = programs.run(PG_CTL_WAIT, "pg_ctl", List.of("-D", dataDir.toString(),
                    "-l", root.resolve("server.log").toString(), "-w", "-t", String.valueOf(PG_CTL_WAIT.toSeconds()),
                    "-o", serverOptions(port), "start"));
            if (outcome.ok()) {
                break;
            }
            String log = outcome.logQuote();
            boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
            // After a crash of the server its processes take a moment to go: backends notice the death of
            // their postmaster, and the postmaster stays a zombie (which PostgreSQL counts as running) until reaped.
            boolean oldProcessesLeaving = log.contains("shared memory block") && log.contains("still in use")
                    || log.contains("lock file \"postmaster.pid\" already exists");
            if (!(portTaken || oldProcessesLeaving) || attempt == START_ATTEMPTS) {
                throw FleetException.failure("starting the embedded PostgreSQL (data in " + dataDir + ") failed" + log);
            }
            if (portTaken) {
                port = freePort(); // someone took the port between our check and the server's bind
            } else {
                sleep(Duration.ofSeconds(1));
            }
        }
        Files.writeString(portFile, port + "\n", StandardCharsets.UTF_8);
        return port;
    }

    /** Only 127.0.0.1, no unix socket (it would live outside the work dir, in /tmp). */
    private static String serverOptions(int port) {
        return "-p " + port + " -c listen_addresses=" + HOST + " -c unix_socket_directories= -c TimeZone=UTC";
    }

    private static void initdbIfNeeded(Path root, PgPrograms programs) throws IOException {
        Path dataDir = dataDir(root);
        if (Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        if (Files.exists(dataDir)) {
            throw FleetException.failure(dataDir + " exists but is no PostgreSQL data dir: move it away (fleet creates"
                    + " a fresh one) or choose another --work-dir");
        }
        Path fresh = root.resolve("data.initdb-partial");
        PostgresBinaries.deleteTree(fresh);
        programs.runOrFail(Duration.ofMinutes(3), "creating the embedded database in " + dataDir + " (initdb)", "initdb",
                List.of("-D", fresh.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale",
                        "--no-instructions"));
        Files.move(fresh, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops the server on {@code dataDir} (fast: open transactions are rolled back); false if it still runs. */
    private static boolean stop(PgPrograms programs, Path dataDir) {
        Optional<PostmasterPid> postmaster = PostmasterPid.read(dataDir);
        PgPrograms.Outcome outcome = programs.run(PG_CTL_WAIT, "pg_ctl", List.of("-D", dataDir.toString(), "-m", "fast",
                "-w", "-t", String.valueOf(PG_CTL_WAIT.toSeconds() - 5), "stop"));
        if (outcome.ok()) {
            // pg_ctl returns when the pid file is gone; the postmaster exits a moment later.
            postmaster.ifPresent(p -> awaitExit(p.pid(), Duration.ofSeconds(10)));
            return true;
        }
        return PostmasterPid.read(dataDir).flatMap(PostmasterPid::process).isEmpty();
    }

    private static void awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (PostmasterPid.running(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Leaves the server: stops it unless another fleet process still uses it. */
    private void leave() {
        try (FileLock stopping = lockWithin(startChannel, root)) {
            usersLock.release();
            FileLock alone = usersChannel.tryLock(0, Long.MAX_VALUE, false);
            if (alone == null) {
                console.info("the embedded PostgreSQL keeps running on " + HOST + ":" + port
                        + ": another fleet process on this work dir uses it");
                return;
            }
            try {
                if (!stop(programs, dataDir)) {
                    console.warn("could not stop the embedded PostgreSQL (data in " + dataDir + ")"
                            + programs.quoteLogTail() + "; the next fleet on this work dir will use or stop it");
                }
            } finally {
                alone.release();
            }
        } catch (IOException e) {
            console.warn("could not stop the embedded PostgreSQL (data in " + dataDir + "): " + e.getMessage());
        } finally {
            closeQuietly(startChannel, usersChannel);
        }
    }

    /** True when a PostgreSQL on 127.0.0.1:port answers and serves exactly this data dir. */
    private static boolean answers(int port, Path dataDir) {
        try (Connection connection = connect(port, "postgres", 2);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW data_directory")) {
            return result.next() && Path.of(result.getString(1)).toRealPath().equals(dataDir.toRealPath());
        } catch (SQLException | IOException e) {
            return false;
        }
    }

    private static void createDatabase(int port) {
        try (Connection connection = connect(port, "postgres", 10);
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created by another fleet process in the meantime
                throw FleetException.failure("cannot create database " + DATABASE + " in the embedded PostgreSQL on "
                        + HOST + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }

    static Connection connect(int port, String database, int timeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
        properties.setProperty("socketTimeout", String.valueOf(timeoutSeconds * 3));
        properties.setProperty("ApplicationName", "fleet");
        Connection connection = new Driver().connect("jdbc:postgresql://" + HOST + ":" + port + "/" + database, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept its own URL");
        }
        return connection;
    }

    private static Optional<Integer> lastPort(Path portFile) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw FleetException.failure("no free port on " + HOST + " for the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static FileLock lockWithin(FileChannel channel, Path root) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw FleetException.failure("another fleet process has been starting or stopping the embedded"
                        + " PostgreSQL of " + root + " for " + LOCK_WAIT.toSeconds() + " s: is it hanging?");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FleetException.failure("interrupted while waiting for the embedded PostgreSQL", e);
        }
    }

    private static void closeQuietly(FileChannel... channels) {
        for (FileChannel channel : channels) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // nothing left to do: closing releases the locks, and the process ends soon
            }
        }
    }
}
