package fleet.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.felix.cm.file.ConfigurationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileTest {

    /** Strings that break naive writers: every character Felix escapes, unicode, control characters. */
    static final List<String> NASTY = List.of("", " ", "a b", "a=b", "==", "\"", "\"quoted\"", "\\", "\\\\n",
            "C:\\dir\\file", "(&(enabled=true)(!(service.pid=Ctrl.1))(|(id=ess0)))", "ümlaut ß", "日本語",
            "emoji 😀 pair", "tab\there", "line\nbreak", "cr\rlf\r\n", "nul\u0000bell\u0007", "\u001f",
            "\u00a0nbsp", "\u2028sep", "#not a comment", "[array]", "(coll)", "a,b", "'single'", "${sys:x}",
            "{{fleet:logDir}}", "trailing space ", " leading", "\\u0041 is not unicode here", "ends with \\");

    static Configuration nasty() {
        Configuration.Builder b = Configuration.builder();
        for (int i = 0; i < NASTY.size(); i++) {
            b.put("string" + i, NASTY.get(i));
        }
        b.put("strings", new ConfigValue.Array(ValueType.STRING, false, List.copyOf(NASTY)));
        b.put("stringCollection", new ConfigValue.Collection(ValueType.STRING, List.copyOf(NASTY)));
        b.put("int", ConfigValue.of(Integer.MIN_VALUE));
        b.put("long", ConfigValue.of(Long.MAX_VALUE));
        b.put("boolean", ConfigValue.of(false));
        b.put("byte", new ConfigValue.Scalar(ValueType.BYTE, Byte.MIN_VALUE));
        b.put("short", new ConfigValue.Scalar(ValueType.SHORT, (short) -12345));
        b.put("char", new ConfigValue.Scalar(ValueType.CHARACTER, '='));
        b.put("charSpace", new ConfigValue.Scalar(ValueType.CHARACTER, ' '));
        b.put("charQuote", new ConfigValue.Scalar(ValueType.CHARACTER, '"'));
        b.put("charUnicode", new ConfigValue.Scalar(ValueType.CHARACTER, 'ß'));
        b.put("float", new ConfigValue.Scalar(ValueType.FLOAT, 1.5f));
        b.put("floatNaN", new ConfigValue.Scalar(ValueType.FLOAT, Float.NaN));
        b.put("double", new ConfigValue.Scalar(ValueType.DOUBLE, -0.0d));
        b.put("doubleInf", new ConfigValue.Scalar(ValueType.DOUBLE, Double.NEGATIVE_INFINITY));
        b.put("doubleTiny", new ConfigValue.Scalar(ValueType.DOUBLE, Double.MIN_VALUE));
        for (ValueType type : ValueType.values()) {
            List<Object> sample = sample(type);
            if (type.hasPrimitive()) {
                b.put("primitive_" + type, new ConfigValue.Array(type, true, sample));
                b.put("primitiveEmpty_" + type, new ConfigValue.Array(type, true, List.of()));
            }
            b.put("boxed_" + type, new ConfigValue.Array(type, false, sample));
            b.put("boxedEmpty_" + type, new ConfigValue.Array(type, false, List.of()));
            b.put("collection_" + type, new ConfigValue.Collection(type, sample));
        }
        b.put("emptyCollection", new ConfigValue.Collection(ValueType.STRING, List.of()));
        b.put("longArray", new ConfigValue.Array(ValueType.INTEGER, true,
                IntStream.range(-500, 1500).boxed().map(Object.class::cast).toList()));
        // Names need escaping too: Felix writes and reads them with the same rules as values.
        b.put("key with spaces", "v");
        b.put("key=with=equals", "v");
        b.put("[starts with bracket", "v");
        b.put("#starts with hash", "v");
        b.put("(paren", "v");
        b.put(",comma", "v");
        b.put("\"quote", "v");
        b.put(":org.apache.felix.configadmin.revision:", ConfigValue.of(7L));
        b.put("ünïcödé.kéy", "v");
        b.put("\u3000ideographic space", "v");
        return b.build();
    }

    static List<Object> sample(ValueType type) {
        return switch (type) {
            case STRING -> List.of("a b", "", "c=d\"e\\");
            case INTEGER -> List.of(0, -1, Integer.MAX_VALUE);
            case LONG -> List.of(Long.MIN_VALUE, 42L);
            case FLOAT -> List.of(0.1f, Float.POSITIVE_INFINITY, -0.0f);
            case DOUBLE -> List.of(0.1d, Double.NaN, 1e308);
            case BYTE -> List.of((byte) 1, Byte.MAX_VALUE);
            case SHORT -> List.of((short) 0, Short.MIN_VALUE);
            case CHARACTER -> List.of('a', ' ', '\\', '"', '\n', '\u00df');
            case BOOLEAN -> List.of(true, false, true);
        };
    }

    @Test
    void readOfWriteIsTheSameConfigurationForNastyValues() {
        Configuration original = nasty();
        String text = ConfigFile.format(original);
        Configuration read = ConfigFile.parse(text, "nasty.config");
        assertEquals(original, read);
        // and writing again gives the same text: the format is stable
        assertEquals(text, ConfigFile.format(read));
    }

    @Test
    void felixReadsWhatWeWriteAsTheSameJavaValues() throws IOException {
        Configuration original = nasty();
        Dictionary<?, ?> felix = ConfigurationHandler.read(new ByteArrayInputStream(
                ConfigFile.format(original).getBytes(StandardCharsets.UTF_8)));
        assertEquals(original.properties().size(), felix.size(), "Felix read every property");
        original.toJava().forEach((key, expected) -> assertJavaEquals(expected, felix.get(key), key));
    }

    @Test
    void weReadWhatFelixWritesAsTheSameValues() throws IOException {
        // Felix writes names as they are, so it cannot read back a name that starts like a token
        // or a comment; we write those with a leading backslash (see FelixReadsWhatWeWrite...).
        Map<String, ConfigValue> readable = new java.util.LinkedHashMap<>(nasty().properties());
        readable.keySet().removeIf(k -> "[](),#".indexOf(k.charAt(0)) >= 0 || Character.isWhitespace(k.charAt(0)));
        Configuration original = new Configuration(readable);
        Hashtable<String, Object> dictionary = new Hashtable<>(original.toJava());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationHandler.write(out, dictionary);
        Configuration read = ConfigFile.parse(out.toString(StandardCharsets.UTF_8), "felix-written.config");
        assertEquals(original, read);
    }

    @Test
    void fromJavaAndToJavaAgree() {
        Configuration original = nasty();
        original.properties().forEach((key, value) -> assertEquals(value, ConfigValue.fromJava(value.toJava()), key));
    }

    static void assertJavaEquals(Object expected, Object actual, String key) {
        if (expected.getClass().isArray()) {
            assertEquals(expected.getClass(), actual.getClass(), key);
            assertEquals(Array.getLength(expected), Array.getLength(actual), key);
            for (int i = 0; i < Array.getLength(expected); i++) {
                assertEquals(Array.get(expected, i), Array.get(actual, i), key + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, key);
        }
    }

    @Test
    void readsWhatOpenEmsWrites() {
        String text = """
                # written by an edge
                :org.apache.felix.configadmin.revision:=L"4"
                Component.target="(&(!(service.pid\\=Controller.Api.ModbusTcp.ReadOnly.17b9))(|(id\\=_sum)))"
                alias="Control\\ CHP\\ (BHKW)"
                component.ids=[ \\
                  "_sum", \\
                  ]
                enabled=B"false"
                port=I"502"
                values=i[ \\
                  "2000", \\
                  ]
                empty=( \\
                )
                service.pid="Controller.Api.ModbusTcp.ReadOnly.17b9"
                """.replace("\n", "\r\n");
        Configuration c = ConfigFile.parse(text, "x.config");
        assertEquals("(&(!(service.pid=Controller.Api.ModbusTcp.ReadOnly.17b9))(|(id=_sum)))",
                c.string("Component.target").orElseThrow());
        assertEquals("Control CHP (BHKW)", c.string("alias").orElseThrow());
        assertEquals(ConfigValue.ofStrings("_sum"), c.get("component.ids").orElseThrow());
        assertEquals(ConfigValue.ofInts(2000), c.get("values").orElseThrow());
        assertEquals(ConfigValue.of(false), c.get("enabled").orElseThrow());
        assertEquals(ConfigValue.of(4L), c.get(":org.apache.felix.configadmin.revision:").orElseThrow());
        assertEquals(new ConfigValue.Collection(ValueType.STRING, List.of()), c.get("empty").orElseThrow());
        assertEquals(9, c.properties().size());
    }

    @Test
    void acceptsWhatFelixAcceptsAroundTokens() {
        Configuration c = ConfigFile.parse("a = \"1\" b=I\"2\" # trailing comment\n\n  c=i[\"1\",,\"2\",]\n"
                + "d=T\"t\"\ne=i\"3\"\n", "x");
        assertEquals(ConfigValue.of("1"), c.get("a").orElseThrow());
        assertEquals(ConfigValue.of(2), c.get("b").orElseThrow());
        assertEquals(ConfigValue.ofInts(1, 2), c.get("c").orElseThrow());
        assertEquals(ConfigValue.of("t"), c.get("d").orElseThrow());
        assertEquals(ConfigValue.of(3), c.get("e").orElseThrow(), "a primitive code on a scalar reads as its wrapper");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=\"x y\"                  | x.config:1: property a: unescaped space",
        "a=\"(id=ess0)\"            | x.config:1: property a: unescaped '='",
        "# c\\na=Z\"1\"             | x.config:2: property a: expected a value",
        "a=1                        | x.config:1: property a: expected a value",
        "a=\"x                      | x.config:1: property a: the value's closing",
        "a=\"x\\nb=\"y\"            | x.config:1: property a: the value runs past the end of the line",
        "a=B\"yes\"                 | x.config:1: property a: a boolean value must be true or false",
        "a=D\"1.5\"                 | x.config:1: property a: D\"1.5\" is not a double",
        "a=I\"12x\"                 | x.config:1: property a: \"12x\" is not a valid integer",
        "a=C\"ab\"                  | x.config:1: property a: a character value must be exactly one",
        "a=\"1\"\\nb=\"2\"\\na=\"3\" | x.config:3: property a: appears twice (first on line 1)",
        "Port=I\"1\"\\nport=I\"2\"  | x.config:2: property port: appears twice (first on line 1); ConfigAdmin property names ignore case",
        "a=[\"1\" \"2\"]            | x.config:1: property a: expected ',' or ']'",
        "a=[\"1\",\\n\"2\"\\nb=\"3\" | x.config:3: property a: expected ',' or ']' between elements, found 'b'",
        "a=(\"1\"                   | x.config:1: property a: '(' is never closed",
        "[a]=\"1\"                  | x.config:1: expected a property name, found '['",
        "a \"1\"                    | x.config:1: property a: expected '=' after the property name",
        "a=\"\\u12\"                | x.config:1: property a: \\u must be followed by 4 hex digits",
        "a=                         | x.config:1: property a: the value is missing at the end of the file",
    })
    void syntaxErrorsNameSourceLineAndProperty(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.parse(text.replace("\\n", "\n"), "x.config"));
        assertTrue(e.getMessage().startsWith(expected), () -> "message: " + e.getMessage());
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheSource() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(
                new ByteArrayInputStream(new byte[] {'a', '=', '"', (byte) 0xC3, (byte) 0x28, '"'}), "bad.config"));
        assertTrue(e.getMessage().startsWith("bad.config: not valid UTF-8"), e.getMessage());
    }

    @Test
    void pathsFollowFelixNaming() {
        assertEquals("Controller/Api/Backend/5f51-aa.config", ConfigFile.relativePath("Controller.Api.Backend.5f51-aa"));
        assertEquals("org/ops4j/pax/logging.config", ConfigFile.relativePath("org.ops4j.pax.logging"));
        assertEquals("sample/fl%00e8che.config", ConfigFile.relativePath("sample.fl\u00e8che"));
        assertEquals("a b/c%003a.config", ConfigFile.relativePath("a b.c:"));
        assertEquals("sample.fl\u00e8che", ConfigFile.pidOf("sample/fl%00e8che.config"));
        assertEquals("Controller.Api.Backend.5f51-aa", ConfigFile.pidOf("Controller/Api/Backend/5f51-aa.config"));
    }

    @Test
    void arraysAreInlineWhenShortAndOnePerLineWhenLong() {
        String shortArray = ConfigFile.format(Configuration.builder().put("v", ConfigValue.ofInts(1, 2)).build());
        assertEquals("v=i[\"1\", \"2\"]\n", shortArray);
        String longArray = ConfigFile.format(Configuration.builder()
                .put("v", ConfigValue.ofInts(IntStream.range(0, 30).toArray())).build());
        assertTrue(longArray.startsWith("v=i[ \\\n  \"0\", \\\n  \"1\", \\\n"), longArray);
        assertTrue(longArray.endsWith("  \"29\", \\\n  ]\n"), longArray);
    }

    @Test
    void stringsAreMappedInScalarsArraysAndCollections() {
        Configuration c = Configuration.builder().put("s", "old").put("a", ConfigValue.ofStrings("x", "old"))
                .put("c", new ConfigValue.Collection(ValueType.STRING, List.of("old"))).put("i", 5).build();
        Configuration mapped = c.mapStrings(s -> s.replace("old", "new"));
        assertEquals(ConfigValue.of("new"), mapped.get("s").orElseThrow());
        assertEquals(ConfigValue.ofStrings("x", "new"), mapped.get("a").orElseThrow());
        assertEquals(new ConfigValue.Collection(ValueType.STRING, List.of("new")), mapped.get("c").orElseThrow());
        assertEquals(ConfigValue.of(5), mapped.get("i").orElseThrow());
        assertArrayEquals(new String[] {"x", "new"}, (String[]) mapped.get("a").orElseThrow().toJava());
        List<Object> list = new ArrayList<>(Collections.nCopies(2, "z"));
        assertEquals(list, new ConfigValue.Collection(ValueType.STRING, list).toJava());
    }
}
