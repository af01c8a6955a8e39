package fleet.web;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a log file, read from its end: an edge's console log can be many megabytes. */
final class LogTail {

    static final int MAX_LINES = 5_000;
    private static final int CHUNK = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines (at most {@link #MAX_LINES}); empty text when the file does not exist yet. */
    static String read(Path file, int lines) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long start = end;
            int newlines = 0;
            byte[] buffer = new byte[CHUNK];
            // walk back chunk by chunk until lines+1 line ends are behind us (the last may end the file)
            while (start > 0 && newlines <= lines) {
                int size = (int) Math.min(CHUNK, start);
                start -= size;
                in.seek(start);
                in.readFully(buffer, 0, size);
                for (int i = size - 1; i >= 0; i--) {
                    if (buffer[i] == '\n' && start + i != end - 1) {
                        newlines++;
                        if (newlines == lines) {
                            start += i + 1;
                            return readFrom(in, start, end);
                        }
                    }
                }
            }
            return readFrom(in, 0, end);
        }
    }

    private static String readFrom(RandomAccessFile in, long from, long to) throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        in.seek(from);
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
