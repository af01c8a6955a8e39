package fleet.workdir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import fleet.FleetException;

/**
 * One fleet per work dir. The running fleet holds an OS file lock on {@code fleet.lock} (released
 * by the OS even after kill -9) and writes into it who it is, so that a second fleet gets a clear
 * message and {@code fleet status} can find the running one.
 */
public final class WorkDirLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, String> info = new TreeMap<>();

    private WorkDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static WorkDirLock acquire(WorkDir workDir) {
        Path file = workDir.lockFile();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw inUse(workDir);
            }
            WorkDirLock held = new WorkDirLock(file, channel, lock);
            held.put("pid", Long.toString(ProcessHandle.current().pid()));
            held.put("started", Instant.now().toString());
            return held;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(workDir);
        } catch (IOException e) {
            closeQuietly(channel);
            throw FleetException.failure("cannot lock " + file + ": " + e.getMessage()
                    + " — check the permissions of --work-dir", e);
        }
    }

    private static FleetException inUse(WorkDir workDir) {
        Map<String, String> other = read(workDir).orElse(Map.of());
        String who = other.containsKey("pid") ? " (pid " + other.get("pid") + ", started " + other.get("started")
                + (other.containsKey("dashboard") ? ", dashboard " + other.get("dashboard") : "") + ")" : "";
        return FleetException.failure("work dir " + workDir.root() + " is in use by another fleet" + who
                + " — stop that fleet or choose another --work-dir");
    }

    /** Records a fact about the running fleet (e.g. its dashboard URL) for others to read. */
    public synchronized void put(String key, String value) {
        info.put(key, value);
        Properties properties = new Properties();
        properties.putAll(info);
        StringBuilder text = new StringBuilder("# held by a running fleet; removed when it stops\n");
        info.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            // the lock itself still holds; only the description is missing
        }
    }

    /** What the fleet that holds (or last held) the lock wrote; empty if nobody did. */
    public static Optional<Map<String, String>> read(WorkDir workDir) {
        Path file = workDir.lockFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map.isEmpty() ? Optional.empty() : Optional.of(map);
    }

    /** True when some process holds the lock of this work dir right now. */
    public static boolean isHeld(WorkDir workDir) {
        if (!Files.isRegularFile(workDir.lockFile())) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(workDir.lockFile(), StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // the OS releases the lock with the channel anyway
        } finally {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // an empty lock file left behind is harmless
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
