package fleet.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the edges keep on disk in a work dir, so that it never piles up unnoticed: rrd4j alone
 * preallocates about 156 MiB per edge, and the directories of edges a later run no longer starts
 * (a smaller --edges, another --first-index) stay until the user removes them.
 *
 * @param inRun         bytes under the directories of the edges this run starts
 * @param others        edge directories this run does not start, in index order
 * @param othersBytes   bytes under those
 */
public record EdgeDisk(long inRun, List<String> others, long othersBytes) {

    private static final Pattern EDGE_DIR = Pattern.compile("edge(\\d+)");

    /** Measures the work dir's {@code edges/}; {@code running} names the edges of this run. */
    public static EdgeDisk measure(WorkDir workDir, Set<String> running) {
        Path edges = workDir.root().resolve("edges");
        if (!Files.isDirectory(edges)) {
            return new EdgeDisk(0, List.of(), 0);
        }
        long inRun = 0;
        long othersBytes = 0;
        List<String> others = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(edges, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                long bytes = bytesUnder(dir);
                if (running.contains(name)) {
                    inRun += bytes;
                } else {
                    others.add(name);
                    othersBytes += bytes;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + edges, e);
        }
        others.sort(Comparator.comparingLong(EdgeDisk::indexOf).thenComparing(Comparator.naturalOrder()));
        return new EdgeDisk(inRun, List.copyOf(others), othersBytes);
    }

    public boolean isEmpty() {
        return inRun == 0 && others.isEmpty();
    }

    /** One line for the start: what this run's edges hold, and what other edges left behind. */
    public String describe(WorkDir workDir, int edgesInRun) {
        StringBuilder line = new StringBuilder("edge data on disk: ").append(human(inRun));
        if (edgesInRun > 0) {
            line.append(" (").append(human(inRun / edgesInRun)).append(" per edge)");
        }
        if (!others.isEmpty()) {
            line.append("; ").append(others.size()).append(others.size() == 1 ? " edge" : " edges")
                    .append(" not in this run keep ").append(human(othersBytes)).append(" (")
                    .append(others.size() <= 3 ? String.join(", ", others)
                            : others.get(0) + " ... " + others.get(others.size() - 1))
                    .append(") in ").append(workDir.root().resolve("edges"))
                    .append(": remove their directories when they are no longer needed");
        }
        return line.toString();
    }

    static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KiB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.0f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static long indexOf(String name) {
        Matcher m = EDGE_DIR.matcher(name);
        return m.matches() && m.group(1).length() < 10 ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    /** The sizes of the files under {@code dir} (rrd4j writes its files in full, so size is what they take). */
    private static long bytesUnder(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished or unreadable: not counted
            }
        });
        return total[0];
    }
}
