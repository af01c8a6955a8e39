package fleet.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a data dir's {@code postmaster.pid} says: the server's pid (line 1) and port (line 4). The
 * file is PostgreSQL's own lock: it exists while a server runs on the data dir, and a server killed
 * with SIGKILL leaves it behind.
 */
record PostmasterPid(long pid, int port) {

    static Optional<PostmasterPid> read(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.size() < 4) {
                return Optional.empty(); // being written by a starting server
            }
            return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()),
                    Integer.parseInt(lines.get(3).strip())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process of that pid, if it runs. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(process -> running(process.pid()));
    }

    /**
     * True while the process runs. A server that exited is a zombie until its parent, init after
     * pg_ctl exited, reaps it, and some inits take seconds for that: a zombie does not count.
     */
    static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // "pid (command) state ...": the command may contain spaces and parentheses
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (macOS) or just gone: isAlive() above has the last word
        }
    }
}
