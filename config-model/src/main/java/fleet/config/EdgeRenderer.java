package fleet.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a template for one edge at a time. Per edge:
 * <ul>
 * <li>every factory configuration gets a new PID {@code <factoryPid>.<uuid>} and the file name that
 * goes with it; the UUID is derived from the fleet seed, the edge name and the template PID, so
 * the same fleet renders the same PIDs on every run (an edge keeps its identity across restarts).
 * Singletons keep their PID;</li>
 * <li>every occurrence of a template PID in any string value of any file ({@code *.target} LDAP
 * filters and the like) is rewritten to the edge's PID;</li>
 * <li>{@code Controller.Api.Backend} gets the edge's apikey and, if given, the backend URI;</li>
 * <li>every port slot gets the edge's port from the {@link PortPlan};</li>
 * <li>{@code Controller.Debug.Log} is disabled unless the edge keeps it;</li>
 * <li>{@code {{fleet:NAME}}} placeholders are filled in.</li>
 * </ul>
 * Component ids stay the same in every edge. Instances are immutable and can render edges from
 * several threads at once.
 */
public final class EdgeRenderer {

    /** Characters that may be part of a PID: a template PID only counts where none of these touches it. */
    private static final String PID_CHAR = "[A-Za-z0-9._-]";

    private final Template template;
    private final long seed;
    private final PortPlan portPlan;
    private final Pattern oldPids;
    private final Map<String, List<PortSlot>> slotsByPid;
    private final Map<String, Configuration> warmStart;

    public EdgeRenderer(Template template, long seed, PortPlan portPlan) {
        this(template, seed, portPlan, List.of());
    }

    /**
     * @param warmStart singleton configurations every edge starts with ({@link CoreSingletons}); written
     *                  only where the edge has none yet, so what OpenEMS writes into them later survives
     */
    public EdgeRenderer(Template template, long seed, PortPlan portPlan, List<Configuration> warmStart) {
        this.template = template;
        Map<String, Configuration> seeds = new TreeMap<>();
        for (Configuration c : warmStart) {
            String pid = c.pid().orElseThrow(() -> new IllegalArgumentException("a warm-start configuration needs"
                    + " a service.pid"));
            if (template.configuration(pid).isPresent()) {
                continue; // the template's own configuration wins
            }
            seeds.put(ConfigFile.relativePath(pid), c);
        }
        this.warmStart = java.util.Collections.unmodifiableMap(seeds);
        this.seed = seed;
        this.portPlan = portPlan;
        if (!portPlan.slots().equals(template.portSlots())) {
            throw new IllegalArgumentException("the port plan was made for another template");
        }
        // Longest first, so that a PID that is a prefix of another never wins.
        List<String> factoryPids = template.configurations().stream().filter(Configuration::isFactory)
                .map(c -> c.pid().orElseThrow()).sorted(Comparator.comparingInt(String::length).reversed()
                        .thenComparing(Comparator.naturalOrder())).toList();
        this.oldPids = factoryPids.isEmpty() ? null
                : Pattern.compile("(?<!" + PID_CHAR + ")(?:" + factoryPids.stream().map(Pattern::quote)
                        .collect(Collectors.joining("|")) + ")(?!" + PID_CHAR + ")");
        Map<String, List<PortSlot>> slots = new HashMap<>();
        portPlan.slots().forEach(s -> slots.computeIfAbsent(s.pid(), k -> new ArrayList<>()).add(s));
        this.slotsByPid = slots;
    }

    public Template template() {
        return template;
    }

    public PortPlan portPlan() {
        return portPlan;
    }

    /**
     * Renders one edge.
     *
     * @throws ConfigException if a port does not fit, or the template uses a placeholder the spec
     *                         has no value for
     */
    public RenderedEdge render(EdgeSpec spec) {
        Map<String, String> values = new HashMap<>(spec.placeholders());
        values.putIfAbsent(Placeholders.EDGE_NAME, spec.name());
        values.putIfAbsent(Placeholders.EDGE_INDEX, Integer.toString(spec.index()));

        Map<String, String> pids = new LinkedHashMap<>();
        for (Configuration c : template.configurations()) {
            String pid = c.pid().orElseThrow();
            pids.put(pid, c.isFactory() ? c.factoryPid().orElseThrow() + "." + uuid(spec.name(), pid) : pid);
        }
        UnaryOperator<String> rewrite = text -> rewritePids(text, pids);

        Map<String, Configuration> files = new TreeMap<>();
        Map<PortSlot, Integer> ports = new LinkedHashMap<>();
        for (Configuration original : template.configurations()) {
            String templatePid = original.pid().orElseThrow();
            Configuration c = original.mapStrings(rewrite);
            String factory = c.factoryPid().orElse("");
            if (factory.equals(FactoryPids.BACKEND)) {
                c = c.with("apikey", ConfigValue.of(spec.apikey()));
                if (spec.backendUri().isPresent()) {
                    c = c.with("uri", ConfigValue.of(spec.backendUri().get().toString()));
                }
            }
            if (factory.equals(FactoryPids.DEBUG_LOG) && !spec.debugLog()) {
                c = c.with(Configuration.ENABLED, ConfigValue.of(false));
            }
            for (PortSlot slot : slotsByPid.getOrDefault(templatePid, List.of())) {
                int port = portPlan.port(spec.index(), slot);
                c = c.with(slot.key(), withPort(c.properties().get(slot.key()), port));
                ports.put(slot, port);
            }
            Set<String> used = template.placeholders(templatePid);
            if (!used.isEmpty()) {
                Set<String> missing = new TreeSet<>(used);
                missing.removeAll(values.keySet());
                if (!missing.isEmpty()) {
                    throw new ConfigException("template " + template.source() + "/" + ConfigFile.relativePath(
                            templatePid) + " uses " + missing.stream().map(Placeholders::of).collect(Collectors
                                    .joining(", ")) + ", which fleet does not fill in here (it knows: " + new TreeSet<>(
                                            values.keySet()).stream().map(Placeholders::of).collect(Collectors
                                                    .joining(", ")) + ")");
                }
                c = c.mapStrings(text -> Placeholders.substitute(text, values));
            }
            String path = ConfigFile.relativePath(c.pid().orElseThrow());
            if (files.put(path, c) != null) {
                throw new IllegalStateException(spec.name() + ": two configurations render to " + path);
            }
        }
        return new RenderedEdge(spec, template.source(), files, warmStart, pids, ports);
    }

    private String rewritePids(String text, Map<String, String> pids) {
        if (oldPids == null) {
            return text;
        }
        Matcher m = oldPids.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(pids.get(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** A port value of the same type as the template's. */
    private static ConfigValue withPort(ConfigValue templateValue, int port) {
        if (templateValue instanceof ConfigValue.Scalar s) {
            return switch (s.type()) {
                case LONG -> ConfigValue.of((long) port);
                case STRING -> ConfigValue.of(Integer.toString(port));
                default -> ConfigValue.of(port);
            };
        }
        return ConfigValue.of(port);
    }

    /**
     * A UUID from the fleet seed, the edge name and the template PID: SHA-256 of the three, first 16
     * bytes, marked as an RFC 9562 version-8 (custom) UUID.
     */
    UUID uuid(String edgeName, String templatePid) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        sha.update(edgeName.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(templatePid.getBytes(StandardCharsets.UTF_8));
        ByteBuffer hash = ByteBuffer.wrap(sha.digest());
        long msb = (hash.getLong() & ~0xF000L) | 0x8000L;
        long lsb = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
