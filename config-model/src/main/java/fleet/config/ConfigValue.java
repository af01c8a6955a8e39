package fleet.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One property value of a ConfigAdmin configuration, as the {@code .config} format can hold it: a
 * scalar, an array (of primitives or of wrappers/strings) or a collection. Values are immutable and
 * compare by content, so {@code ConfigFile.parse(ConfigFile.format(c)).equals(c)} is a meaningful
 * test. Floats and doubles compare like {@link Double#equals}: by their bits.
 */
public sealed interface ConfigValue {

    /** The element type (for a scalar: its type). */
    ValueType type();

    /** The Java object Felix ConfigAdmin hands to components for this value. */
    Object toJava();

    /** The same value with every string (scalar or element) passed through {@code f}; other types unchanged. */
    ConfigValue mapStrings(UnaryOperator<String> f);

    /** Every string this value holds (none for non-string types). */
    List<String> strings();

    static Scalar of(String value) {
        return new Scalar(ValueType.STRING, value);
    }

    static Scalar of(int value) {
        return new Scalar(ValueType.INTEGER, value);
    }

    static Scalar of(long value) {
        return new Scalar(ValueType.LONG, value);
    }

    static Scalar ofFloat(float value) {
        return new Scalar(ValueType.FLOAT, value);
    }

    static Scalar of(boolean value) {
        return new Scalar(ValueType.BOOLEAN, value);
    }

    static Array ofStrings(String... values) {
        return new Array(ValueType.STRING, false, List.of((Object[]) values));
    }

    static Array ofInts(int... values) {
        List<Object> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return new Array(ValueType.INTEGER, true, list);
    }

    /**
     * The value for a Java object as ConfigAdmin holds it: a wrapper or String, an array of
     * primitives, wrappers or Strings, or a {@link java.util.Collection} whose elements share one type.
     *
     * @throws IllegalArgumentException for anything the {@code .config} format cannot hold
     */
    static ConfigValue fromJava(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null: ConfigAdmin has no null values");
        }
        Class<?> cls = value.getClass();
        if (cls.isArray()) {
            Class<?> component = cls.getComponentType();
            ValueType type = ValueType.ofClass(component);
            if (type == null) {
                throw new IllegalArgumentException("arrays of " + component.getName() + " cannot be stored");
            }
            int length = java.lang.reflect.Array.getLength(value);
            List<Object> elements = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                elements.add(java.lang.reflect.Array.get(value, i));
            }
            return new Array(type, component.isPrimitive(), elements);
        }
        if (value instanceof java.util.Collection<?> collection) {
            if (collection.isEmpty()) {
                return new Collection(ValueType.STRING, List.of());
            }
            Object first = collection.iterator().next();
            ValueType type = first == null ? null : ValueType.ofClass(first.getClass());
            if (type == null) {
                throw new IllegalArgumentException("collections of " + (first == null ? "null" : first.getClass()
                        .getName()) + " cannot be stored");
            }
            return new Collection(type, new ArrayList<>(collection));
        }
        ValueType type = ValueType.ofClass(cls);
        if (type == null) {
            throw new IllegalArgumentException(cls.getName() + " values cannot be stored");
        }
        return new Scalar(type, value);
    }

    /** A single value, e.g. {@code I"8084"} or {@code "ess0"}. */
    record Scalar(ValueType type, Object value) implements ConfigValue {

        public Scalar {
            if (type == null) {
                throw new IllegalArgumentException("type is required");
            }
            type.check(value);
        }

        /** The string of a string scalar. */
        public String text() {
            if (type != ValueType.STRING) {
                throw new IllegalStateException(type + " value " + value + " is no string");
            }
            return (String) value;
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public ConfigValue mapStrings(UnaryOperator<String> f) {
            if (type != ValueType.STRING) {
                return this;
            }
            String mapped = f.apply((String) value);
            return mapped.equals(value) ? this : new Scalar(type, mapped);
        }

        @Override
        public List<String> strings() {
            return type == ValueType.STRING ? List.of((String) value) : List.of();
        }
    }

    /**
     * An array, e.g. {@code i["500","520"]} (primitive int[]), {@code I["1"]} (Integer[]) or
     * {@code ["a","b"]} (String[]).
     */
    record Array(ValueType type, boolean primitive, List<Object> elements) implements ConfigValue {

        public Array {
            if (type == null) {
                throw new IllegalArgumentException("type is required");
            }
            if (primitive && !type.hasPrimitive()) {
                throw new IllegalArgumentException("there are no primitive " + type + " arrays");
            }
            elements = List.copyOf(elements);
            elements.forEach(type::check);
        }

        @Override
        public Object toJava() {
            Object array = java.lang.reflect.Array.newInstance(primitive ? type.primitiveClass() : type.boxedClass(),
                    elements.size());
            for (int i = 0; i < elements.size(); i++) {
                java.lang.reflect.Array.set(array, i, elements.get(i));
            }
            return array;
        }

        @Override
        public ConfigValue mapStrings(UnaryOperator<String> f) {
            if (type != ValueType.STRING) {
                return this;
            }
            List<Object> mapped = elements.stream().map(e -> (Object) f.apply((String) e)).toList();
            return mapped.equals(elements) ? this : new Array(type, false, mapped);
        }

        @Override
        public List<String> strings() {
            return type == ValueType.STRING ? elements.stream().map(String.class::cast).toList() : List.of();
        }
    }

    /**
     * A collection, e.g. {@code I("1","2")}; Felix hands it out as an {@link ArrayList}. An empty
     * collection has no type in the file, so it is always a STRING collection here.
     */
    record Collection(ValueType type, List<Object> elements) implements ConfigValue {

        public Collection {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                type = ValueType.STRING;
            }
            if (type == null) {
                throw new IllegalArgumentException("type is required");
            }
            elements.forEach(type::check);
        }

        @Override
        public Object toJava() {
            return new ArrayList<>(elements);
        }

        @Override
        public ConfigValue mapStrings(UnaryOperator<String> f) {
            if (type != ValueType.STRING) {
                return this;
            }
            List<Object> mapped = elements.stream().map(e -> (Object) f.apply((String) e)).toList();
            return mapped.equals(elements) ? this : new Collection(type, mapped);
        }

        @Override
        public List<String> strings() {
            return type == ValueType.STRING ? elements.stream().map(String.class::cast).toList() : List.of();
        }
    }
}
