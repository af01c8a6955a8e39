package fleet.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls into an edge's objects, whose types live in the edge's own class loaders. Lookups are
 * cached per class in a {@link ClassValue}, which does not keep a stopped edge's classes (and so
 * its class loaders) alive.
 */
final class Reflect {

    private static final Object NONE = new Object();

    private static final ClassValue<Map<String, Object>> MEMBERS = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Reflect() {
    }

    /** Calls a public no-argument method; empty when the object has none or it throws. */
    static Optional<Object> call(Object target, String name) {
        if (target == null) {
            return Optional.empty();
        }
        Object member = MEMBERS.get(target.getClass()).computeIfAbsent("m:" + name, key -> findMethod(target
                .getClass(), name));
        if (member == NONE) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(((Method) member).invoke(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads a field declared by the object's class or one of its superclasses; empty if there is none. */
    static Optional<Object> field(Object target, String name) {
        if (target == null) {
            return Optional.empty();
        }
        Object member = MEMBERS.get(target.getClass()).computeIfAbsent("f:" + name, key -> findField(target
                .getClass(), name));
        if (member == NONE) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(((Field) member).get(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value of an OpenEMS {@code Value} (its {@code get()}), or the object itself if it is a number. */
    static Integer number(Object value) {
        Long plain = longNumber(value);
        return plain == null ? null : plain.intValue();
    }

    /** A number, or the value an OpenEMS {@code Value} holds ({@code get()}); null when neither. */
    static Long longNumber(Object value) {
        Object plain = value instanceof Number ? value : call(value, "get").orElse(null);
        return plain instanceof Number n ? n.longValue() : null;
    }

    private static Object findMethod(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            method.setAccessible(true); // public method of a class that need not be public
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            return NONE;
        }
    }

    private static Object findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (RuntimeException e) {
                return NONE;
            }
        }
        return NONE;
    }
}
