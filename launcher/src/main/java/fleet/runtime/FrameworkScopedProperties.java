package fleet.runtime;

import java.util.Optional;
import java.util.Properties;
import java.util.Set;

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
            return callingBundleContext().map(context -> context.getProperty(key)).orElse(null);
        } finally {
            RESOLVING.remove();
        }
    }

    /** The context of the first bundle on the stack that has one (i.e. is starting, active or stopping). */
    static Optional<BundleContext> callingBundleContext() {
        return WALKER.walk(frames -> frames
                .map(frame -> BUNDLE_OF_CLASS.get(frame.getDeclaringClass()))
                .flatMap(Optional::stream)
                .map(Bundle::getBundleContext)
                .filter(context -> context != null)
                .findFirst());
    }
}
