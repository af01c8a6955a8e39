package fleet.runtime;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Makes a few JVM-wide system properties answer per framework. OpenEMS reads
 * {@code openems.data.dir} and {@code felix.cm.dir} with {@code System.getProperty}, so N edges in
 * one JVM would all see one value and write each other's rrd4j files. This replaces the JVM's
 * {@link Properties} with one that, for those keys only, looks at who is asking: the first class
 * on the calling stack that belongs to an OSGi bundle decides the framework, and that framework's
 * own property is the answer. Callers outside any bundle (the JDK, fleet) get the JVM-wide value.
 *
 * <p>Nothing is ever written into the JVM-wide properties: per-edge values live only in each
 * framework's configuration.
 */
public final class FrameworkScopedProperties extends Properties {

    private static final long serialVersionUID = 1L;

    /** The keys OpenEMS reads from the JVM although they must differ per edge (notes §4a). */
    public static final Set<String> SCOPED_KEYS = Set.of("openems.data.dir", "felix.cm.dir");

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Felix answers a missing framework property from System.getProperty; this stops the recursion. */
    private static final ThreadLocal<Boolean> RESOLVING = new ThreadLocal<>();

    /** What {@link #remember} keeps per bundle: the scoped keys and the edge's name. */
    private static final Set<String> REMEMBERED_KEYS = java.util.stream.Stream.concat(SCOPED_KEYS.stream(),
            java.util.stream.Stream.of(FrameworkProperties.EDGE_NAME)).collect(java.util.stream.Collectors.toSet());
    private static final Map<Bundle, Map<String, String>> STOPPED_ANSWERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private static final ClassValue<Optional<Bundle>> BUNDLE_OF_CLASS = new ClassValue<>() {
        @Override
        protected Optional<Bundle> computeValue(Class<?> type) {
            return Optional.ofNullable(FrameworkUtil.getBundle(type));
        }
    };

    private FrameworkScopedProperties(Properties original) {
        putAll(original);
    }

    /** Installs the scoped lookup for this JVM; idempotent. */
    public static synchronized void install() {
        if (!(System.getProperties() instanceof FrameworkScopedProperties)) {
            System.setProperties(new FrameworkScopedProperties(System.getProperties()));
        }
    }

    @Override
    public String getProperty(String key) {
        if (SCOPED_KEYS.contains(key)) {
            String scoped = scopedValue(key);
            if (scoped != null) {
                return scoped;
            }
        }
        return super.getProperty(key);
    }

    @Override
    public String getProperty(String key, String defaultValue) {
        String value = getProperty(key);
        return value == null ? defaultValue : value;
    }

    private static String scopedValue(String key) {
        if (RESOLVING.get() != null) {
            return null;
        }
        RESOLVING.set(Boolean.TRUE);
        try {
            return callingFramework().map(framework -> framework.apply(key)).orElse(null);
        } finally {
            RESOLVING.remove();
        }
    }

    /**
     * How the framework of the first edge bundle on the calling stack answers properties; empty
     * outside any edge. A bundle that has stopped has no context, but its threads can still run (an
     * OpenEMS worker finishing its last round): it answers what its framework said while it ran.
     */
    static Optional<UnaryOperator<String>> callingFramework() {
        return WALKER.walk(frames -> frames
                .map(frame -> BUNDLE_OF_CLASS.get(frame.getDeclaringClass()))
                .flatMap(Optional::stream)
                .map(FrameworkScopedProperties::answersOf)
                .flatMap(Optional::stream)
                .findFirst());
    }

    /**
     * Remembers, for every bundle installed in this framework, the framework's answers to the
     * scoped keys and the edge name, so that they hold after the bundles stopped. Weakly held: a
     * framework that is gone takes its entries with it.
     */
    static void remember(BundleContext framework) {
        Map<String, String> answers = new HashMap<>();
        for (String key : REMEMBERED_KEYS) {
            String value = framework.getProperty(key);
            if (value != null) {
                answers.put(key, value);
            }
        }
        Map<String, String> frozen = Map.copyOf(answers);
        for (Bundle bundle : framework.getBundles()) {
            STOPPED_ANSWERS.put(bundle, frozen);
        }
    }

    private static Optional<UnaryOperator<String>> answersOf(Bundle bundle) {
        BundleContext context = bundle.getBundleContext();
        if (context != null) {
            return Optional.of(key -> {
                try {
                    return context.getProperty(key);
                } catch (IllegalStateException stoppedMeanwhile) {
                    Map<String, String> remembered = STOPPED_ANSWERS.get(bundle);
                    return remembered == null ? null : remembered.get(key);
                }
            });
        }
        // only here, off the running edges' path: the map is synchronized
        Map<String, String> remembered = STOPPED_ANSWERS.get(bundle);
        return remembered == null ? Optional.empty() : Optional.of(remembered::get);
    }
}
