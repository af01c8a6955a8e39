package fleet.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One edge's configuration, rendered from the template: new PIDs and file names for factory
 * configurations, references rewritten, its apikey, backend URI and ports.
 */
public final class RenderedEdge {

    private final EdgeSpec spec;
    private final String templateSource;
    private final Map<String, Configuration> files;
    private final Map<String, String> pids;
    private final Map<PortSlot, Integer> ports;

    RenderedEdge(EdgeSpec spec, String templateSource, Map<String, Configuration> files, Map<String, String> pids,
            Map<PortSlot, Integer> ports) {
        this.spec = spec;
        this.templateSource = templateSource;
        this.files = Collections.unmodifiableMap(files);
        this.pids = Collections.unmodifiableMap(pids);
        this.ports = Collections.unmodifiableMap(ports);
    }

    public EdgeSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public int index() {
        return spec.index();
    }

    /** The apikey its {@code Controller.Api.Backend} uses. */
    public String apikey() {
        return spec.apikey();
    }

    /** Relative path inside {@code config.d} ({@code /}-separated) to configuration, in path order. */
    public Map<String, Configuration> files() {
        return files;
    }

    public List<Configuration> configurations() {
        return List.copyOf(files.values());
    }

    /** Template PID to this edge's PID (factory configurations get new ones; singletons keep theirs). */
    public Map<String, String> pids() {
        return pids;
    }

    /** This edge's PID for a template PID. */
    public String pidOf(String templatePid) {
        String pid = pids.get(templatePid);
        if (pid == null) {
            throw new IllegalArgumentException("the template has no configuration " + templatePid);
        }
        return pid;
    }

    /** The port of every slot. */
    public Map<PortSlot, Integer> ports() {
        return ports;
    }

    /** Port of the REST API ({@code Controller.Api.Rest.*}), 0 if the template has none. */
    public int restPort() {
        return port(PortSlot.Api.REST);
    }

    /** Port of the websocket API ({@code Controller.Api.Websocket}), 0 if the template has none. */
    public int websocketPort() {
        return port(PortSlot.Api.WEBSOCKET);
    }

    /** Port of the Modbus/TCP API ({@code Controller.Api.ModbusTcp.*}), 0 if the template has none. */
    public int modbusPort() {
        return port(PortSlot.Api.MODBUS);
    }

    private int port(PortSlot.Api api) {
        return ports.entrySet().stream().filter(e -> e.getKey().api() == api)
                .min(Comparator.comparingInt(e -> e.getKey().number())).map(Map.Entry::getValue).orElse(0);
    }

    /** The text of each file, by relative path, with a first line that says where it comes from. */
    public Map<String, String> texts() {
        String header = "# " + name() + ", rendered by fleet from template " + templateSource + "\n";
        Map<String, String> texts = new LinkedHashMap<>();
        files.forEach((path, config) -> texts.put(path, header + ConfigFile.format(config)));
        return texts;
    }

    /**
     * Writes the edge's files into {@code configDir} (fleet's own per-edge {@code config.d}), replacing
     * what a previous run left there: ConfigAdmin reads the directory once at start, and OpenEMS
     * writes back into it at runtime, so every start begins from the template. Only {@code .config}
     * and ConfigAdmin's {@code .tmp} files are removed or overwritten; anything else stops the write
     * before anything is changed, so that a wrong directory never loses a user's files.
     *
     * @throws ConfigException if the directory holds a file that is no configuration
     */
    public void writeTo(Path configDir) {
        Map<String, String> texts = texts();
        try {
            List<Path> stale = staleEntries(configDir, texts);
            Set<Path> created = new HashSet<>();
            for (Map.Entry<String, String> file : texts.entrySet()) {
                Path target = configDir.resolve(file.getKey());
                Path parent = target.getParent();
                if (created.add(parent)) {
                    Files.createDirectories(parent);
                }
                Files.writeString(target, file.getValue());
            }
            for (Path entry : stale) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(entry);
                }
            }
            for (Path entry : stale) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && isEmpty(entry)) {
                    Files.delete(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name() + "'s configuration to " + configDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * What is in the directory and not part of this edge's files: old files, and directories that
     * may become empty; children before their parents.
     */
    private static List<Path> staleEntries(Path dir, Map<String, String> keep) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(dir + " is not a directory; fleet writes an edge's configuration there");
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path entry : (Iterable<Path>) walk::iterator) {
                if (entry.equals(dir)) {
                    continue;
                }
                String name = entry.getFileName().toString();
                boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                if (!directory && !name.endsWith(".config") && !name.endsWith(".tmp")) {
                    throw new ConfigException(dir + " holds " + dir.relativize(entry) + ", which is not a"
                            + " configuration file; fleet replaces this directory on every start and will not delete"
                            + " it: move it away");
                }
                String relative = dir.relativize(entry).toString().replace(entry.getFileSystem().getSeparator(), "/");
                if (directory || !keep.containsKey(relative)) {
                    stale.add(entry);
                }
            }
        }
        stale.sort(Comparator.reverseOrder());
        return stale;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public String toString() {
        return name() + " (" + files.size() + " configurations)";
    }
}
