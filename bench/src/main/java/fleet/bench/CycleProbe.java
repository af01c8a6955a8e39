package fleet.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Notices each edge's first cycle from outside: the first line of the edge's log that matches the
 * cycle pattern (OpenEMS's Controller.Debug.Log writes {@code [ctrlDebugLog0] _sum[...]} once per
 * cycle; its "Activate" line at start-up must not count), or, for the project's test edge app,
 * which has no debug log, its per-cycle file {@code <data>/rrd4j/<id>/cycles.txt}. Logs are read
 * incrementally: each poll reads only what was appended since the last, line by line.
 */
final class CycleProbe {

    /**
     * One edge to watch.
     *
     * @param name    edge name
     * @param logs    log files, or directories whose files are all read
     * @param dataDir the edge's openems.data.dir
     */
    record Edge(String name, List<Path> logs, Path dataDir) {
    }

    /** A line longer than this is judged by its start: enough for any log line's header and first fields. */
    private static final int MAX_LINE = 64 * 1024;

    private final Pattern pattern;
    private final List<Edge> edges;
    private final long origin;
    private final Map<String, Long> firstCycle = new ConcurrentHashMap<>();
    /** Per log file: bytes read so far, and the unfinished last line of the last read. */
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, String> tails = new HashMap<>();

    /** @param origin System.nanoTime() the times are measured from */
    CycleProbe(Pattern pattern, List<Edge> edges, long origin) {
        this.pattern = pattern;
        this.edges = List.copyOf(edges);
        this.origin = origin;
    }

    /** Looks once at every edge that has not cycled yet. */
    synchronized void poll() {
        for (Edge edge : edges) {
            if (!firstCycle.containsKey(edge.name()) && cycled(edge)) {
                firstCycle.put(edge.name(), System.nanoTime() - origin);
            }
        }
    }

    int cycledCount() {
        return firstCycle.size();
    }

    boolean allCycled() {
        return firstCycle.size() == edges.size();
    }

    /** Nanoseconds from the origin until the last edge's first cycle; empty until all cycled. */
    OptionalLong allCycledAfter() {
        return allCycled() ? OptionalLong.of(firstCycle.values().stream().mapToLong(Long::longValue).max().orElse(0))
                : OptionalLong.empty();
    }

    private boolean cycled(Edge edge) {
        if (edge.dataDir() != null && testAppCycled(edge.dataDir())) {
            return true;
        }
        for (Path source : edge.logs()) {
            for (Path file : files(source)) {
                if (contains(file)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean testAppCycled(Path dataDir) {
        Path rrd4j = dataDir.resolve("rrd4j");
        if (!Files.isDirectory(rrd4j)) {
            return false;
        }
        try (Stream<Path> stores = Files.list(rrd4j)) {
            return stores.anyMatch(store -> Files.isRegularFile(store.resolve("cycles.txt")));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> files(Path source) {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(source)) {
            return list.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads what was appended to {@code file} since the last poll and looks for the pattern. */
    private boolean contains(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long offset = offsets.getOrDefault(file, 0L);
            if (length < offset) { // rotated or truncated: start again
                offset = 0;
                tails.remove(file);
            }
            if (length == offset) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 8 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            offsets.put(file, offset + bytes.length);
            String text = tails.getOrDefault(file, "") + new String(bytes, StandardCharsets.ISO_8859_1);
            int lineStart = 0;
            int newline;
            while ((newline = text.indexOf('\n', lineStart)) >= 0) {
                if (pattern.matcher(text.substring(lineStart, newline)).find()) {
                    return true;
                }
                lineStart = newline + 1;
            }
            // A line still being written counts as soon as what is there matches.
            String unfinished = text.substring(lineStart);
            if (pattern.matcher(unfinished).find()) {
                return true;
            }
            tails.put(file, unfinished.length() > MAX_LINE ? unfinished.substring(0, MAX_LINE) : unfinished);
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The edges watched, for messages. */
    List<String> notCycled() {
        List<String> names = new ArrayList<>();
        for (Edge edge : edges) {
            if (!firstCycle.containsKey(edge.name())) {
                names.add(edge.name());
            }
        }
        return names;
    }
}
