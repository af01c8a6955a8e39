package fleet.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Felix ConfigAdmin's {@code .config} file format ({@code org.apache.felix.cm.file.ConfigurationHandler}),
 * read strictly and written so that Felix reads back exactly the same values.
 *
 * <p>Where Felix silently drops or misreads something (an unescaped space or {@code =} inside a
 * value ends it early; an unknown type code, a missing quote or {@code B"yes"} lose the property or
 * the rest of the file; a file whose name does not match its PID is skipped), {@link #parse} fails
 * with a message naming the source and the line instead.
 *
 * <p>Syntax: one {@code key=value} per entry; {@code #} starts a comment where a key could start;
 * values are {@code "text"}, {@code T"text"}, {@code I"1"}, {@code L"1"}, {@code F"bits"},
 * {@code D"bits"}, {@code X"1"} (byte), {@code S"1"} (short), {@code C"c"}, {@code B"true"}; arrays
 * {@code [..]} with an optional type code (lower case = primitive: {@code i["1","2"]}), collections
 * {@code (..)}; inside arrays and collections a {@code \} at the end of a line continues it. Inside
 * quotes {@code \}, {@code "}, space and {@code =} are escaped with {@code \}; {@code \t \n \r \b \f}
 * and {@code \}{@code uXXXX} stand for control characters.
 */
public final class ConfigFile {

    /** Arrays longer than this are written one element per line, as Felix writes them. */
    private static final int INLINE_LIMIT = 100;

    private ConfigFile() {
    }

    /**
     * Parses the text of a {@code .config} file.
     *
     * @param source names the text in error messages, e.g. the file path
     * @throws ConfigException naming the source and line on any syntax error
     */
    public static Configuration parse(String text, String source) {
        return new Parser(text, source).parse();
    }

    /** Reads a {@code .config} file (UTF-8). */
    public static Configuration read(Path file) {
        try {
            return parse(decode(Files.readAllBytes(file), file.toString()), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .config} file from a stream (UTF-8), e.g. a class-path resource. */
    public static Configuration read(InputStream in, String source) {
        try {
            return parse(decode(in.readAllBytes(), source), source);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** The file text: keys sorted (as Felix writes them), one property per line, LF line ends. */
    public static String format(Configuration configuration) {
        StringBuilder out = new StringBuilder(64 * configuration.properties().size());
        for (Map.Entry<String, ConfigValue> e : new TreeMap<>(configuration.properties()).entrySet()) {
            writeKey(out, e.getKey());
            out.append('=');
            writeValue(out, e.getValue());
            out.append('\n');
        }
        return out.toString();
    }

    /** Writes a configuration to a file, creating its parent directories. */
    public static void write(Path file, Configuration configuration) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, format(configuration), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The path (relative to {@code felix.cm.dir}, {@code /}-separated) at which Felix ConfigAdmin
     * expects the file of this PID: dots become directories, characters outside
     * {@code [A-Za-z0-9 _-/]} become {@code %XXXX} (4 lower-case hex digits), plus {@code .config}.
     * Felix loads a file only if its {@code service.pid} maps back to exactly its own path.
     */
    public static String relativePath(String pid) {
        StringBuilder path = new StringBuilder(pid.length() + 8);
        for (int i = 0; i < pid.length(); i++) {
            char c = pid.charAt(i);
            if (c == '.') {
                path.append('/');
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '
                    || c == '_' || c == '-' || c == '/') {
                path.append(c);
            } else {
                String hex = "000" + Integer.toHexString(c);
                path.append('%').append(hex, hex.length() - 4, hex.length());
            }
        }
        return path.append(".config").toString();
    }

    /** The PID whose file is at this relative path (the inverse of {@link #relativePath}, for messages). */
    public static String pidOf(String relativePath) {
        String stem = relativePath.endsWith(".config")
                ? relativePath.substring(0, relativePath.length() - ".config".length())
                : relativePath;
        StringBuilder pid = new StringBuilder(stem.length());
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (c == '/') {
                pid.append('.');
            } else if (c == '%' && isHex(stem, i + 1, 4)) {
                pid.append((char) Integer.parseInt(stem.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                pid.append(c);
            }
        }
        return pid.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source + ": not valid UTF-8 (Felix ConfigAdmin reads .config files as UTF-8):"
                    + " save it as UTF-8", e);
        }
    }

    // ---- writing ---------------------------------------------------------------------------

    private static void writeKey(StringBuilder out, String key) {
        char first = key.charAt(0);
        // Felix reads a line that starts with one of these as something else than a name, and skips
        // whitespace before a name; a backslash in front makes it part of the name.
        if ("[](),#".indexOf(first) >= 0 || (first > ' ' && Character.isWhitespace(first))) {
            out.append('\\');
        }
        escape(out, key);
    }

    private static void writeValue(StringBuilder out, ConfigValue value) {
        switch (value) {
            case ConfigValue.Scalar scalar -> {
                if (scalar.type() != ValueType.STRING) {
                    out.append(scalar.type().code());
                }
                quoted(out, scalar.type(), scalar.value());
            }
            case ConfigValue.Array array -> {
                if (array.type() != ValueType.STRING) {
                    out.append(array.primitive() ? array.type().primitiveCode() : array.type().code());
                }
                elements(out, array.type(), array.elements(), '[', ']');
            }
            case ConfigValue.Collection collection -> {
                if (collection.type() != ValueType.STRING) {
                    out.append(collection.type().code());
                }
                elements(out, collection.type(), collection.elements(), '(', ')');
            }
        }
    }

    private static void elements(StringBuilder out, ValueType type, List<Object> elements, char open, char close) {
        List<String> quoted = new ArrayList<>(elements.size());
        int length = 0;
        for (Object element : elements) {
            StringBuilder one = new StringBuilder();
            quoted(one, type, element);
            quoted.add(one.toString());
            length += one.length() + 2;
        }
        out.append(open);
        if (length <= INLINE_LIMIT) {
            out.append(String.join(", ", quoted));
        } else {
            out.append(" \\\n");
            for (String element : quoted) {
                out.append("  ").append(element).append(", \\\n");
            }
            out.append("  ");
        }
        out.append(close);
    }

    private static void quoted(StringBuilder out, ValueType type, Object value) {
        out.append('"');
        escape(out, type.format(value));
        out.append('"');
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '"', ' ', '=' -> out.append('\\').append(c);
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < ' ') {
                        String hex = "000" + Integer.toHexString(c);
                        out.append("\\u").append(hex, hex.length() - 4, hex.length());
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    /** A strict reader of what Felix's ConfigurationHandler reads; one instance per text. */
    private static final class Parser {

        private static final int EOF = -1;

        private final String text;
        private final String source;
        private int pos;
        private int line = 1;
        private String key;

        Parser(String text, String source) {
            // Felix reads CR LF and a lone CR as LF.
            this.text = text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n").replace('\r', '\n') : text;
            this.source = source;
        }

        Configuration parse() {
            Map<String, ConfigValue> properties = new java.util.LinkedHashMap<>();
            Map<String, Integer> lines = new java.util.HashMap<>();
            while (true) {
                skipWhitespace();
                int c = peek();
                if (c == EOF) {
                    break;
                }
                if (c == '#') {
                    while (peek() != EOF && peek() != '\n') {
                        pos++;
                    }
                    continue;
                }
                if ("=[](),\"".indexOf(c) >= 0) {
                    throw error("expected a property name, found '" + (char) c + "'");
                }
                int keyLine = line;
                key = null;
                String name = readQuoted(true);
                key = name;
                skipWhitespace();
                if (next() != '=') {
                    throw error("expected '=' after the property name (escape a space or '=' in a name with \\)");
                }
                ConfigValue value = readValue();
                Integer earlier = lines.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), keyLine);
                if (earlier != null) {
                    line = keyLine;
                    throw error("appears twice (first on line " + earlier + "); ConfigAdmin property names ignore"
                            + " case and Felix would keep only one of them");
                }
                properties.put(name, value);
            }
            return new Configuration(properties);
        }

        private ConfigValue readValue() {
            skipWhitespace();
            int c = next();
            ValueType type = ValueType.ofCode(c);
            boolean primitive = false;
            if (type != null) {
                primitive = ValueType.isPrimitiveCode(c);
                c = next();
            } else {
                type = ValueType.STRING;
            }
            return switch (c) {
                case '"' -> {
                    String raw = readQuoted(false);
                    expectClosingQuote();
                    yield new ConfigValue.Scalar(type, parse(type, raw));
                }
                case '[' -> new ConfigValue.Array(type, primitive, readElements(type, ']'));
                case '(' -> new ConfigValue.Collection(type, readElements(type, ')'));
                case EOF -> throw error("the value is missing at the end of the file");
                default -> throw error("expected a value like \"text\", I\"1\", B\"true\", [\"a\", \"b\"] or"
                        + " i[\"1\"], found '" + (char) c + "'" + (Character.isLetterOrDigit(c)
                                ? " (values must be quoted; the type code goes before the quote)" : ""));
            };
        }

        private List<Object> readElements(ValueType type, char close) {
            int startLine = line;
            List<Object> elements = new ArrayList<>();
            while (true) {
                int c = skipBlankAndContinuations();
                if (c == '"') {
                    String raw = readQuoted(false);
                    expectClosingQuote();
                    elements.add(parse(type, raw));
                    c = skipBlankAndContinuations();
                }
                if (c == close) {
                    return elements;
                }
                if (c == EOF) {
                    line = startLine;
                    throw error("'" + (close == ']' ? '[' : '(') + "' is never closed with '" + close + "'");
                }
                if (c != ',') {
                    throw error("expected ',' or '" + close + "' between elements, found '" + (char) c + "'");
                }
            }
        }

        private Object parse(ValueType type, String raw) {
            try {
                return type.parse(raw);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private void expectClosingQuote() {
            int c = next();
            if (c == '"') {
                return;
            }
            if (c == ' ') {
                throw error("unescaped space inside a value: Felix ends the value there; write it as '\\ '");
            }
            if (c == '=') {
                throw error("unescaped '=' inside a value: Felix ends the value there; write it as '\\=',"
                        + " e.g. (id\\=ess0) in an LDAP filter");
            }
            throw error("the value's closing '\"' is missing at the end of the file");
        }

        /**
         * Reads up to (not including) an unescaped space, '=', '"' or the end, like Felix, resolving
         * escapes. A raw line break inside is refused: in practice it is a missing closing quote.
         */
        private String readQuoted(boolean name) {
            StringBuilder out = new StringBuilder();
            while (true) {
                int c = peek();
                switch (c) {
                    case EOF, ' ', '=', '"' -> {
                        return out.toString();
                    }
                    case '\n' -> throw error(name
                            ? "the property name runs to the end of the line without '='"
                            : "the value runs past the end of the line: close it with '\"' (write a line break"
                                    + " inside a value as \\n)");
                    case '\\' -> {
                        pos++;
                        int e = next();
                        switch (e) {
                            case 'b' -> out.append('\b');
                            case 't' -> out.append('\t');
                            case 'n' -> out.append('\n');
                            case 'f' -> out.append('\f');
                            case 'r' -> out.append('\r');
                            case 'u' -> {
                                if (!isHex(text, pos, 4)) {
                                    throw error("\\u must be followed by 4 hex digits");
                                }
                                out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                                pos += 4;
                            }
                            case EOF -> throw error("'\\' at the end of the file escapes nothing");
                            default -> out.append((char) e);
                        }
                    }
                    default -> {
                        out.append((char) c);
                        pos++;
                    }
                }
            }
        }

        /** Skips whitespace, line breaks included (as Felix does). */
        private void skipWhitespace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                next();
            }
        }

        /** Inside arrays and collections: whitespace and "\" line continuations. */
        private int skipBlankAndContinuations() {
            while (true) {
                int c = next();
                if (c == EOF) {
                    return EOF;
                }
                if (Character.isWhitespace((char) c)) {
                    continue;
                }
                if (c == '\\' && peek() == '\n') {
                    continue;
                }
                return c;
            }
        }

        private int peek() {
            return pos < text.length() ? text.charAt(pos) : EOF;
        }

        private int next() {
            if (pos >= text.length()) {
                return EOF;
            }
            char c = text.charAt(pos++);
            if (c == '\n') {
                line++;
            }
            return c;
        }

        private ConfigException error(String message) {
            return new ConfigException(source + ":" + line + ": " + (key != null ? "property " + key + ": " : "")
                    + message);
        }
    }
}
