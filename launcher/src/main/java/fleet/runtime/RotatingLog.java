package fleet.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file that rolls over to {@code <name>.1} when it grows past a limit, so one
 * chatty edge cannot fill the disk. Thread-safe; write failures are swallowed, because a log must
 * never take an edge down.
 */
final class RotatingLog extends OutputStream {

    static final long DEFAULT_LIMIT = 10L * 1024 * 1024;

    private final Path file;
    private final long limit;
    private OutputStream out;
    private long size;

    RotatingLog(Path file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        try {
            if (out == null || size >= limit) {
                reopen();
            }
            out.write(bytes, offset, length);
            out.flush();
            size += length;
        } catch (IOException e) {
            out = null;
        }
    }

    private void reopen() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        Files.createDirectories(file.getParent());
        if (Files.exists(file) && Files.size(file) >= limit) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing left to do with a log that cannot be closed
            }
            out = null;
        }
    }
}
