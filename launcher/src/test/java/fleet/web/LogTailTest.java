package fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void lastLinesOfABigFileWithAndWithoutFinalNewline() throws Exception {
        Path log = dir.resolve("console.log");
        // 200 000 lines: several read chunks from the end
        String text = IntStream.range(0, 200_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Files.writeString(log, text + "\n");
        assertEquals("line 199997\nline 199998\nline 199999\n", LogTail.read(log, 3));
        Files.writeString(log, text);
        assertEquals("line 199998\nline 199999", LogTail.read(log, 2));
        assertEquals(5_000, LogTail.read(log, 5_000).lines().count());
    }

    @Test
    void shortAndMissingFiles() throws Exception {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "a\nb\n");
        assertEquals("a\nb\n", LogTail.read(log, 200));
        assertEquals("b\n", LogTail.read(log, 1));
        assertEquals("", LogTail.read(dir.resolve("none.log"), 10));
    }
}
