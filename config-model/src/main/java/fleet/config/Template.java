package fleet.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One edge's configuration, to be rendered for every edge of a fleet: a directory tree of
 * {@code .config} files as ConfigAdmin keeps it ({@code felix.cm.dir}, e.g. a running edge's
 * {@code config.d}), or the built-in simulated edge.
 *
 * <p>Loading checks Felix's naming rule (a file is loaded only if its path is the mapping of its
 * {@code service.pid}) and fails with a message naming the file and the name it should have; it
 * leaves out configurations OpenEMS creates by itself at runtime ({@code Core.*}, {@code Ess.Power},
 * {@code Evcs.SlowPowerIncreaseFilter}) and ConfigAdmin's own binding record, and lists them in
 * {@link #warnings()}.
 */
public final class Template {

    /** The name of the built-in template. */
    public static final String BUILT_IN = "simulated-edge";
    /** Where the built-in templates live on the class path (module {@code templates}). */
    static final String RESOURCE_ROOT = "fleet/templates/";
    /** ConfigAdmin's record of bundle locations: runtime state, and it names other bundle locations. */
    static final String DYNAMIC_BINDINGS = "org_apache_felix_cm_impl_DynamicBindings.config";
    /** Binds a configuration to one bundle location; fleet's locations differ from the template's. */
    static final String BUNDLE_LOCATION = "service.bundleLocation";
    private static final Set<String> RUNTIME_SINGLETONS = Set.of("Ess.Power", "Evcs.SlowPowerIncreaseFilter");

    private final String source;
    private final List<Configuration> configurations;
    private final List<String> warnings;
    private final List<PortSlot> portSlots;
    private final Map<String, Set<String>> placeholdersByPid;
    private final java.util.Optional<Integer> cycleTimeMs;

    private Template(String source, List<Configuration> configurations, List<String> warnings,
            java.util.Optional<Integer> cycleTimeMs) {
        this.source = source;
        this.cycleTimeMs = cycleTimeMs;
        this.configurations = List.copyOf(configurations);
        this.warnings = List.copyOf(warnings);
        this.portSlots = findPortSlots(this.configurations);
        Map<String, Set<String>> placeholders = new LinkedHashMap<>();
        for (Configuration c : this.configurations) {
            Set<String> names = new LinkedHashSet<>();
            c.properties().forEach((key, value) -> value.strings().forEach(s -> names.addAll(Placeholders.namesIn(s,
                    source + "/" + ConfigFile.relativePath(c.pid().orElseThrow()) + ": property " + key))));
            if (!names.isEmpty()) {
                placeholders.put(c.pid().orElseThrow(), Collections.unmodifiableSet(names));
            }
        }
        this.placeholdersByPid = Collections.unmodifiableMap(placeholders);
    }

    /**
     * Loads a template directory, e.g. a copy of a running edge's {@code config.d}.
     *
     * @throws ConfigException if the directory is missing, a file does not parse (file and line),
     *                         a file name does not match its {@code service.pid}, or nothing is left
     */
    public static Template load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("template " + dir + " is not a directory: pass a config.d directory"
                    + " (one .config file per configuration, as in felix.cm.dir)");
        }
        Map<String, String> texts = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isDirectory(file)) {
                    continue;
                }
                String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (relative.equals(RenderedEdge.MANIFEST)) {
                    continue; // fleet's own list in a config.d it rendered
                }
                if (!relative.endsWith(".config") || !Files.isRegularFile(file)) {
                    ignored.add(relative);
                    continue;
                }
                texts.put(relative, read(file));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read template " + dir + ": " + e.getMessage(), e);
        }
        return build(dir.toString(), texts, ignored);
    }

    /** The built-in simulated edge (notes §3), read from the class path. */
    public static Template builtIn() {
        return fromClassPath(BUILT_IN, Template.class.getClassLoader());
    }

    /**
     * A template packaged as class-path resources under {@code fleet/templates/<name>/}, listed in
     * {@code fleet/templates/<name>.index} (one relative path per line: a jar cannot be listed).
     */
    static Template fromClassPath(String name, ClassLoader loader) {
        String index = RESOURCE_ROOT + name + ".index";
        String listing;
        try (InputStream in = loader.getResourceAsStream(index)) {
            if (in == null) {
                throw new IllegalStateException("built-in template " + name + " is missing: no " + index
                        + " on the class path (is the templates module packaged?)");
            }
            listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + index, e);
        }
        Map<String, String> texts = new TreeMap<>();
        for (String line : listing.split("\n")) {
            String relative = line.strip();
            if (relative.isEmpty() || relative.startsWith("#")) {
                continue;
            }
            String resource = RESOURCE_ROOT + name + "/" + relative;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(index + " lists " + relative + ", but " + resource + " is missing");
                }
                texts.put(relative, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return build("built-in " + name, texts, List.of());
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file + ": not valid UTF-8 (Felix ConfigAdmin reads .config files as UTF-8):"
                    + " save it as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates parsed files.
     *
     * @param texts   relative path ({@code /}-separated) to file text, {@code .config} files only
     * @param ignored relative paths of other files
     */
    static Template build(String source, Map<String, String> texts, List<String> ignored) {
        List<Configuration> kept = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        List<String> unbound = new ArrayList<>();
        java.util.Optional<Integer> cycleTime = java.util.Optional.empty();
        for (Map.Entry<String, String> file : texts.entrySet()) {
            String relative = file.getKey();
            String where = source + "/" + relative;
            if (relative.equals(DYNAMIC_BINDINGS)) {
                leftOut.add(relative);
                continue;
            }
            Configuration config = ConfigFile.parse(file.getValue(), where);
            ConfigValue pidValue = config.properties().get(Configuration.SERVICE_PID);
            String expectedPid = ConfigFile.pidOf(relative);
            if (pidValue == null) {
                throw new ConfigException(where + " has no service.pid, and Felix ConfigAdmin ignores such a file:"
                        + " add service.pid=\"" + expectedPid + "\"");
            }
            String pid = config.pid().orElseThrow(() -> new ConfigException(where + ": service.pid must be a string,"
                    + " e.g. service.pid=\"" + expectedPid + "\""));
            if (config.properties().containsKey(Configuration.FACTORY_PID) && config.factoryPid().isEmpty()) {
                throw new ConfigException(where + ": service.factoryPid must be a string");
            }
            String expectedPath = ConfigFile.relativePath(pid);
            if (!expectedPath.equals(relative)) {
                throw new ConfigException(where + " has service.pid=" + pid + ", so Felix ConfigAdmin would skip it"
                        + " without a word: rename the file to " + expectedPath + " (or set service.pid=\""
                        + expectedPid + "\")");
            }
            if (isCreatedAtRuntime(config)) {
                leftOut.add(pid);
                if (pid.equals(CoreSingletons.CYCLE)) {
                    cycleTime = cycleTimeOf(config, where);
                }
                continue;
            }
            if (config.properties().containsKey(BUNDLE_LOCATION)) {
                config = config.without(BUNDLE_LOCATION);
                unbound.add(pid);
            }
            kept.add(config);
        }
        if (kept.isEmpty()) {
            throw new ConfigException("template " + source + " has no configurations to render"
                    + (leftOut.isEmpty() ? "" : " (only ones OpenEMS creates at runtime: " + String.join(", ", leftOut)
                            + ")") + ": pass a config.d directory with .config files");
        }
        kept.sort(Comparator.comparing(c -> ConfigFile.relativePath(c.pid().orElseThrow())));

        List<String> warnings = new ArrayList<>();
        if (!leftOut.isEmpty()) {
            warnings.add("template " + source + ": left out what OpenEMS and ConfigAdmin create at runtime, so every"
                    + " edge gets its own: " + String.join(", ", leftOut));
        }
        if (!unbound.isEmpty()) {
            warnings.add("template " + source + ": removed service.bundleLocation (fleet's bundle locations differ)"
                    + " from " + String.join(", ", unbound));
        }
        if (!ignored.isEmpty()) {
            warnings.add("template " + source + ": ignored files that are not .config files: "
                    + String.join(", ", ignored));
        }
        Map<String, List<String>> pidsById = new TreeMap<>();
        for (Configuration c : kept) {
            c.componentId().ifPresent(id -> pidsById.computeIfAbsent(id, k -> new ArrayList<>()).add(c.pid()
                    .orElseThrow()));
        }
        pidsById.forEach((id, pids) -> {
            if (pids.size() > 1) {
                warnings.add("template " + source + ": component id " + id + " is used by " + pids.size()
                        + " configurations (" + String.join(", ", pids) + "); OpenEMS needs unique ids per edge");
            }
        });
        if (kept.stream().noneMatch(c -> c.factoryPid().filter(FactoryPids.BACKEND::equals).isPresent())) {
            warnings.add("template " + source + " has no " + FactoryPids.BACKEND + " configuration: the edges"
                    + " will not connect to any backend");
        }
        return new Template(source, kept, warnings, cycleTime);
    }

    /** The {@code cycleTime} of a template's {@code Core.Cycle}: the default for {@code --cycle-time}. */
    private static java.util.Optional<Integer> cycleTimeOf(Configuration cycle, String where) {
        ConfigValue value = cycle.properties().get(CoreSingletons.CYCLE_TIME);
        if (value == null) {
            return java.util.Optional.empty();
        }
        Integer ms = null;
        if (value instanceof ConfigValue.Scalar scalar) {
            Object v = scalar.value();
            if (v instanceof Integer i) {
                ms = i;
            } else if (v instanceof Long l && l > 0 && l <= Integer.MAX_VALUE) {
                ms = l.intValue();
            } else if (v instanceof String s && s.matches("\\d{1,9}")) {
                ms = Integer.valueOf(s);
            }
        }
        if (ms == null || ms <= 0) {
            throw new ConfigException(where + ": " + CoreSingletons.CYCLE_TIME + " must be a positive number of"
                    + " milliseconds, e.g. cycleTime=I\"1000\"");
        }
        return java.util.Optional.of(ms);
    }

    static boolean isCreatedAtRuntime(Configuration config) {
        String pid = config.pid().orElseThrow();
        String factory = config.factoryPid().orElse("");
        return pid.startsWith("Core.") || factory.startsWith("Core.") || RUNTIME_SINGLETONS.contains(pid);
    }

    private static List<PortSlot> findPortSlots(List<Configuration> configurations) {
        record Found(Configuration config, String key, int port, PortSlot.Api api) {
        }
        List<Found> found = new ArrayList<>();
        for (Configuration c : configurations) {
            String factory = c.factoryPid().orElse("");
            if (FactoryPids.isClient(factory.isEmpty() ? c.pid().orElseThrow() : factory)) {
                continue;
            }
            ConfigValue value = c.properties().get("port");
            Integer port = portValue(value);
            if (port != null) {
                found.add(new Found(c, "port", port, PortSlot.Api.of(factory)));
            }
        }
        found.sort(Comparator.comparing(Found::api).thenComparing(f -> f.config().pid().orElseThrow())
                .thenComparing(Found::key));
        List<PortSlot> slots = new ArrayList<>(found.size());
        for (Found f : found) {
            Configuration c = f.config();
            String pid = c.pid().orElseThrow();
            slots.add(new PortSlot(slots.size(), pid, c.factoryPid().orElse(""), c.componentId().orElse(pid), f.key(),
                    f.port(), f.api()));
        }
        return List.copyOf(slots);
    }

    /** A port property's number: an integer, long or decimal string scalar; otherwise null. */
    static Integer portValue(ConfigValue value) {
        if (value instanceof ConfigValue.Scalar scalar) {
            Object v = scalar.value();
            if (v instanceof Integer i) {
                return i;
            }
            if (v instanceof Long l && l >= 0 && l <= PortPlan.MAX_PORT) {
                return l.intValue();
            }
            if (v instanceof String s && s.matches("\\d{1,5}")) {
                return Integer.valueOf(s);
            }
        }
        return null;
    }

    /** Where the template comes from, e.g. a directory or "built-in simulated-edge". */
    public String source() {
        return source;
    }

    /** The configurations to render, in file-path order. */
    public List<Configuration> configurations() {
        return configurations;
    }

    /** What loading left out or changed; shown to the user once. */
    public List<String> warnings() {
        return warnings;
    }

    /** The properties that hold a port an edge listens on; REST, websocket and Modbus first. */
    public List<PortSlot> portSlots() {
        return portSlots;
    }

    /** Every placeholder name the template uses ({@code {{fleet:NAME}}}). */
    public Set<String> placeholders() {
        Set<String> all = new LinkedHashSet<>();
        placeholdersByPid.values().forEach(all::addAll);
        return all;
    }

    /** The placeholder names one configuration uses. */
    public Set<String> placeholders(String pid) {
        return placeholdersByPid.getOrDefault(pid, Set.of());
    }

    /**
     * This template without the configurations {@code drop} selects, e.g. fleet's own logging
     * configuration where a container should log to its console.
     */
    public Template without(Predicate<Configuration> drop) {
        List<Configuration> kept = configurations.stream().filter(drop.negate()).toList();
        if (kept.isEmpty()) {
            throw new ConfigException("template " + source + " has no configurations left to render");
        }
        return new Template(source, kept, warnings, cycleTimeMs);
    }

    /** This template with every configuration passed through {@code change} (same order). */
    public Template map(java.util.function.UnaryOperator<Configuration> change) {
        return new Template(source, configurations.stream().map(change).toList(), warnings, cycleTimeMs);
    }

    /** This template plus one configuration (it needs a {@code service.pid}, as every configuration here). */
    public Template with(Configuration added) {
        if (added.pid().isEmpty()) {
            throw new ConfigException("a configuration added to template " + source + " needs a service.pid");
        }
        List<Configuration> all = new java.util.ArrayList<>(configurations);
        all.add(added);
        return new Template(source, all, warnings, cycleTimeMs);
    }

    /** The {@code cycleTime} (ms) of the template's {@code Core.Cycle}, which rendering itself leaves out. */
    public java.util.Optional<Integer> cycleTimeMs() {
        return cycleTimeMs;
    }

    /** The configuration with this PID, if the template has it. */
    public java.util.Optional<Configuration> configuration(String pid) {
        return configurations.stream().filter(c -> c.pid().orElseThrow().equals(pid)).findFirst();
    }

    Map<String, Configuration> byPid() {
        Map<String, Configuration> map = new HashMap<>();
        configurations.forEach(c -> map.put(c.pid().orElseThrow(), c));
        return map;
    }

    @Override
    public String toString() {
        return "template " + source + " (" + configurations.size() + " configurations)";
    }
}
