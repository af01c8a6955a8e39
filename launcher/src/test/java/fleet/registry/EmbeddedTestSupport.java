package fleet.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import fleet.workdir.WorkDir;

/** Work dirs for tests that run the embedded PostgreSQL. */
public final class EmbeddedTestSupport {

    /**
     * Every test work dir links its {@code postgres/binaries} here: the bundle is unpacked once per
     * build instead of once per work dir (that takes seconds).
     */
    private static final Path SHARED_BINARIES = Path.of("target", "postgres-binaries").toAbsolutePath();

    private EmbeddedTestSupport() {
    }

    public static WorkDir workDir(Path dir) {
        WorkDir workDir = new WorkDir(dir);
        try {
            Files.createDirectories(SHARED_BINARIES);
            Files.createDirectories(workDir.postgresDir());
            Files.createSymbolicLink(workDir.postgresDir().resolve("binaries"), SHARED_BINARIES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return workDir;
    }

    /** Removes the link to the shared bundle before JUnit deletes the temp dir (it warns about links leaving it). */
    public static void unlinkBinaries(Path dir) {
        try {
            Files.deleteIfExists(new WorkDir(dir).postgresDir().resolve("binaries"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running server's pid and port, from its postmaster.pid. */
    public static Optional<PostmasterPid> postmaster(WorkDir workDir) {
        return PostmasterPid.read(EmbeddedServer.dataDir(workDir.postgresDir()));
    }

    /** True when a program of this name is on the PATH (e.g. psql, which fleet does not ship). */
    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean alive(long pid) {
        return PostmasterPid.running(pid);
    }

    /** A superuser connection to the embedded database of a running server. */
    public static Connection connect(int port) throws SQLException {
        return EmbeddedServer.connect(port, EmbeddedServer.DATABASE, 10);
    }
}
