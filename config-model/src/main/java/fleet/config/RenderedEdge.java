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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One edge's configuration, rendered from the template: new PIDs and file names for factory
 * configurations, references rewritten, its apikey, backend URI and ports.
 */
public final class RenderedEdge {

    private final EdgeSpec spec;
    private final String templateSource;
    /**
     * The list of files fleet rendered into a {@code config.d}, kept in it (Felix ConfigAdmin reads only
     * {@code .config} files): the next render removes those that are no longer part of the edge and
     * leaves every other file, i.e. what OpenEMS created there, alone.
     */
    public static final String MANIFEST = ".fleet-rendered";

    private final Map<String, Configuration> files;
    private final Map<String, Configuration> warmStart;
    private final Map<String, String> pids;
    private final Map<PortSlot, Integer> ports;

    RenderedEdge(EdgeSpec spec, String templateSource, Map<String, Configuration> files,
            Map<String, Configuration> warmStart, Map<String, String> pids, Map<PortSlot, Integer> ports) {
        this.spec = spec;
        this.templateSource = templateSource;
        this.files = Collections.unmodifiableMap(files);
        this.warmStart = warmStart;
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

    /**
     * The singleton configurations the edge starts with (relative path → configuration): written where
     * the edge has none; where it has one, only these properties are set and OpenEMS's own stay.
     */
    public Map<String, Configuration> warmStart() {
        return warmStart;
    }

    /**
     * This edge with properties of a singleton that fleet sets per edge (e.g. {@code Core.User}'s
     * passwords): put into the template's configuration of it when the template has one, else
     * written like a warm-start singleton (created where missing; where OpenEMS keeps one, only these
     * properties are set and OpenEMS's own stay).
     */
    public RenderedEdge withSingleton(Configuration singleton) {
        String path = ConfigFile.relativePath(singleton.pid()
                .orElseThrow(() -> new IllegalArgumentException("a singleton needs a service.pid")));
        if (files.containsKey(path)) {
            Map<String, Configuration> rendered = new LinkedHashMap<>(files);
            rendered.put(path, merged(files.get(path), singleton));
            return new RenderedEdge(spec, templateSource, rendered, warmStart, pids, ports);
        }
        Map<String, Configuration> seeds = new java.util.TreeMap<>(warmStart);
        seeds.merge(path, singleton, RenderedEdge::merged);
        return new RenderedEdge(spec, templateSource, files, Collections.unmodifiableMap(seeds), pids, ports);
    }

    /**
     * This edge with each configuration changed by {@code change}, or left out where it gives
     * nothing (e.g. a household without a battery). PIDs must stay as they are.
     */
    public RenderedEdge withConfigurations(java.util.function.Function<Configuration, Optional<Configuration>> change) {
        Map<String, Configuration> rendered = new LinkedHashMap<>();
        for (Map.Entry<String, Configuration> file : files.entrySet()) {
            Optional<Configuration> changed = change.apply(file.getValue());
            if (changed.isPresent()) {
                if (!changed.get().pid().equals(file.getValue().pid())) {
                    throw new IllegalArgumentException(file.getKey() + ": a change may not alter the PID");
                }
                rendered.put(file.getKey(), changed.get());
            }
        }
        return new RenderedEdge(spec, templateSource, rendered, warmStart, pids, ports);
    }

    private static Configuration merged(Configuration base, Configuration properties) {
        Configuration merged = base;
        for (Map.Entry<String, ConfigValue> property : properties.properties().entrySet()) {
            merged = merged.with(property.getKey(), property.getValue());
        }
        return merged;
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
     * Writes the edge's files into {@code configDir} (fleet's own per-edge {@code config.d}). What fleet
     * renders from the template is rewritten on every start, so that it is the same on every run;
     * the warm-start singletons are created where missing and otherwise only get fleet's properties;
     * files fleet rendered last time and no longer renders are removed; every other file (what
     * OpenEMS created at runtime) stays, as on a standalone edge that restarts. A directory without
     * fleet's list of rendered files (written by an older fleet) is replaced as a whole. Only
     * {@code .config} and ConfigAdmin's {@code .tmp} files are ever removed; anything else stops the
     * write before anything is changed, so that a wrong directory never loses a user's files.
     *
     * @throws ConfigException if the directory holds a file that is no configuration, or a warm-start
     *                         file that does not parse
     */
    public void writeTo(Path configDir) {
        Map<String, String> texts = texts();
        try {
            Set<String> keep = new HashSet<>(texts.keySet());
            keep.addAll(warmStart.keySet());
            List<Path> stale = staleEntries(configDir, keep);
            Optional<Set<String>> previous = readManifest(configDir);
            if (previous.isPresent()) {
                // Only what fleet itself wrote last time and no longer renders; OpenEMS's files stay.
                // ConfigAdmin's .tmp files are half-written leftovers of a killed edge: they go too.
                stale.removeIf(entry -> !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && !entry.getFileName().toString().endsWith(".tmp")
                        && !previous.get().contains(relative(configDir, entry)));
            }
            Set<Path> created = new HashSet<>();
            for (Map.Entry<String, String> file : texts.entrySet()) {
                Path target = configDir.resolve(file.getKey());
                Path parent = target.getParent();
                if (created.add(parent)) {
                    Files.createDirectories(parent);
                }
                Files.writeString(target, file.getValue());
            }
            for (Map.Entry<String, Configuration> seed : warmStart.entrySet()) {
                writeWarmStart(configDir.resolve(seed.getKey()), seed.getValue());
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
            writeManifest(configDir, texts.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name() + "'s configuration to " + configDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Creates a warm-start file, or sets fleet's properties in the one OpenEMS keeps. */
    private void writeWarmStart(Path target, Configuration seed) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target.getParent());
            Files.writeString(target, "# " + name() + ": written by fleet as OpenEMS writes it on its first start\n"
                    + ConfigFile.format(seed));
            return;
        }
        Configuration existing = ConfigFile.read(target);
        Configuration merged = merged(existing, seed);
        if (!merged.equals(existing)) {
            ConfigFile.write(target, merged);
        }
    }

    private static Optional<Set<String>> readManifest(Path configDir) throws IOException {
        Path manifest = configDir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(Files.readAllLines(manifest)));
    }

    private static void writeManifest(Path configDir, Set<String> rendered) throws IOException {
        Files.createDirectories(configDir);
        Path tmp = configDir.resolve(MANIFEST + ".tmp");
        Files.write(tmp, new java.util.TreeSet<>(rendered));
        Files.move(tmp, configDir.resolve(MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String relative(Path dir, Path entry) {
        return dir.relativize(entry).toString().replace(entry.getFileSystem().getSeparator(), "/");
    }

    /**
     * What is in the directory and not part of this edge's files: old files, and directories that
     * may become empty; children before their parents.
     */
    private static List<Path> staleEntries(Path dir, Set<String> keep) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new ArrayList<>();
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
                String relative = relative(dir, entry);
                if (relative.equals(MANIFEST)) {
                    continue;
                }
                if (!directory && !name.endsWith(".config") && !name.endsWith(".tmp")) {
                    throw new ConfigException(dir + " holds " + dir.relativize(entry) + ", which is not a"
                            + " configuration file; fleet renders this directory on every start and will not delete"
                            + " it: move it away");
                }
                if (directory || !keep.contains(relative)) {
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
