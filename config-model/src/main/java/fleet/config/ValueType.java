package fleet.config;

import java.util.Locale;

/**
 * The value types of Felix ConfigAdmin's {@code .config} format, with their type codes. Scalars and
 * collections use the upper-case code ({@code I"1"}); arrays of primitives use the lower-case code
 * ({@code i["1"]}), arrays of wrappers the upper-case one. Strings have no code when written.
 *
 * <p>{@code F} and {@code D} hold the raw IEEE-754 bits of the number, not its decimal text: Felix
 * writes {@code D"4609434218613702656"} for 1.5. OpenEMS templates therefore write doubles as strings.
 */
public enum ValueType {
    STRING('T', String.class, null),
    INTEGER('I', Integer.class, int.class),
    LONG('L', Long.class, long.class),
    FLOAT('F', Float.class, float.class),
    DOUBLE('D', Double.class, double.class),
    BYTE('X', Byte.class, byte.class),
    SHORT('S', Short.class, short.class),
    CHARACTER('C', Character.class, char.class),
    BOOLEAN('B', Boolean.class, boolean.class);

    private final char code;
    private final Class<?> boxed;
    private final Class<?> primitive;

    ValueType(char code, Class<?> boxed, Class<?> primitive) {
        this.code = code;
        this.boxed = boxed;
        this.primitive = primitive;
    }

    /** The upper-case code, e.g. {@code I}; {@code T} for strings (never written). */
    public char code() {
        return code;
    }

    /** The lower-case code used for arrays of primitives, e.g. {@code i}. */
    public char primitiveCode() {
        if (primitive == null) {
            throw new IllegalStateException("strings have no primitive form");
        }
        return Character.toLowerCase(code);
    }

    public boolean hasPrimitive() {
        return primitive != null;
    }

    public Class<?> boxedClass() {
        return boxed;
    }

    public Class<?> primitiveClass() {
        return primitive;
    }

    /** The type of an upper- or lower-case code, or null if the character is no type code. */
    static ValueType ofCode(int c) {
        for (ValueType type : values()) {
            if (type.code == c || (type.primitive != null && Character.toLowerCase(type.code) == c)) {
                return type;
            }
        }
        return null;
    }

    static boolean isPrimitiveCode(int c) {
        return c != 't' && Character.isLowerCase(c) && ofCode(c) != null;
    }

    static ValueType ofClass(Class<?> type) {
        for (ValueType value : values()) {
            if (value.boxed == type || (value.primitive != null && value.primitive == type)) {
                return value;
            }
        }
        return null;
    }

    /** Checks that a Java value fits this type and returns it. */
    Object check(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null is no " + this + " value: ConfigAdmin has no null values");
        }
        if (!boxed.isInstance(value)) {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " " + value + " is no " + this
                    + " value");
        }
        return value;
    }

    /**
     * Parses the text between the quotes the way Felix does, but refuses what Felix would read as
     * something else or drop (e.g. {@code B"yes"} is {@code false} in Felix, an error here).
     *
     * @return the value; the message of an {@link IllegalArgumentException} says what is wrong
     */
    Object parse(String text) {
        try {
            return switch (this) {
                case STRING -> text;
                case INTEGER -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case BYTE -> Byte.valueOf(text);
                case SHORT -> Short.valueOf(text);
                case FLOAT -> Float.intBitsToFloat(Integer.parseInt(text));
                case DOUBLE -> Double.longBitsToDouble(Long.parseLong(text));
                case CHARACTER -> {
                    if (text.length() != 1) {
                        throw new IllegalArgumentException("a character value must be exactly one character, not \""
                                + text + "\"");
                    }
                    yield text.charAt(0);
                }
                case BOOLEAN -> {
                    String lower = text.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new IllegalArgumentException("a boolean value must be true or false, not \"" + text
                                + "\"");
                    }
                    yield Boolean.valueOf(lower);
                }
            };
        } catch (NumberFormatException e) {
            if (this == FLOAT || this == DOUBLE) {
                throw new IllegalArgumentException(code + "\"" + text + "\" is not a " + this.name().toLowerCase(
                        Locale.ROOT) + ": " + code + " holds the raw IEEE-754 bits as a whole number (e.g. D\"" 
                        + Double.doubleToRawLongBits(1.5) + "\" is 1.5); write decimal numbers as strings instead,"
                        + " e.g. \"1.5\"");
            }
            throw new IllegalArgumentException("\"" + text + "\" is not a valid " + this.name().toLowerCase(Locale.ROOT)
                    + " (type code " + code + ")");
        }
    }

    /** The text Felix writes between the quotes. */
    String format(Object value) {
        return switch (this) {
            case FLOAT -> Integer.toString(Float.floatToRawIntBits((Float) value));
            case DOUBLE -> Long.toString(Double.doubleToRawLongBits((Double) value));
            default -> String.valueOf(value);
        };
    }
}
