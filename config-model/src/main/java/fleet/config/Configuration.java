package fleet.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The properties of one ConfigAdmin configuration (one {@code .config} file), immutable, in the
 * order they were read or put. Equality ignores the order, as ConfigAdmin does.
 */
public record Configuration(Map<String, ConfigValue> properties) {

    public static final String SERVICE_PID = "service.pid";
    public static final String FACTORY_PID = "service.factoryPid";
    /** The OpenEMS component id: unique within one edge, the same in every edge. */
    public static final String ID = "id";
    public static final String ENABLED = "enabled";

    public Configuration {
        java.util.Set<String> lowerCase = new java.util.HashSet<>();
        properties.forEach((key, value) -> {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("a property name must not be empty");
            }
            if (value == null) {
                throw new IllegalArgumentException("property " + key + " has no value");
            }
            if (!lowerCase.add(key.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("property " + key + " appears twice: ConfigAdmin property names"
                        + " ignore case");
            }
        });
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<ConfigValue> get(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** The value of a string scalar; empty if absent or not a string scalar. */
    public Optional<String> string(String key) {
        return get(key).filter(v -> v instanceof ConfigValue.Scalar s && s.type() == ValueType.STRING)
                .map(v -> ((ConfigValue.Scalar) v).text());
    }

    public Optional<String> pid() {
        return string(SERVICE_PID);
    }

    public Optional<String> factoryPid() {
        return string(FACTORY_PID);
    }

    /** A factory configuration ({@code service.factoryPid} set) gets a new PID per edge; a singleton keeps its PID. */
    public boolean isFactory() {
        return factoryPid().isPresent();
    }

    /** The OpenEMS component id, if the configuration has one. */
    public Optional<String> componentId() {
        return string(ID);
    }

    /** The PID, for messages: "(no service.pid)" if it has none. */
    String describe() {
        return pid().orElse("(no service.pid)");
    }

    public Configuration with(String key, ConfigValue value) {
        Map<String, ConfigValue> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new Configuration(copy);
    }

    public Configuration without(String key) {
        if (!properties.containsKey(key)) {
            return this;
        }
        Map<String, ConfigValue> copy = new LinkedHashMap<>(properties);
        copy.remove(key);
        return new Configuration(copy);
    }

    /** This configuration with every string value (and string element) passed through {@code f}. */
    public Configuration mapStrings(UnaryOperator<String> f) {
        Map<String, ConfigValue> copy = new LinkedHashMap<>(properties.size() * 2);
        boolean changed = false;
        for (Map.Entry<String, ConfigValue> e : properties.entrySet()) {
            ConfigValue mapped = e.getValue().mapStrings(f);
            changed |= mapped != e.getValue();
            copy.put(e.getKey(), mapped);
        }
        return changed ? new Configuration(copy) : this;
    }

    /** The properties as the Java objects ConfigAdmin hands out (arrays, wrappers, lists). */
    public Map<String, Object> toJava() {
        Map<String, Object> java = new LinkedHashMap<>();
        properties.forEach((k, v) -> java.put(k, v.toJava()));
        return java;
    }

    /** Collects properties in order. */
    public static final class Builder {

        private final Map<String, ConfigValue> properties = new LinkedHashMap<>();

        public Builder put(String key, ConfigValue value) {
            properties.put(key, value);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, ConfigValue.of(value));
        }

        public Builder put(String key, int value) {
            return put(key, ConfigValue.of(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, ConfigValue.of(value));
        }

        public Configuration build() {
            return new Configuration(properties);
        }
    }
}
