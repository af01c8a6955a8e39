package fleet.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import fleet.FleetException;

/**
 * Reads an edge application once: an {@code openems-edge.jar} as bnd exports it (bundles under
 * {@code jar/}, {@code launcher.properties} at the root), an unpacked copy of one, or a plain
 * directory of bundles. Bundles of a jar are extracted once into a cache keyed by the jar's
 * SHA-256, so every edge installs the same files by reference.
 */
public final class EdgeAppLoader {

    static final String LAUNCHER_PROPERTIES = "launcher.properties";
    private static final String COMPLETE_MARKER = ".complete";

    /**
     * Start levels EdgeApp.bndrun gives the framework's infrastructure; used for a plain directory of
     * bundles, which carries no launcher.properties.
     */
    private static final Map<String, Integer> INFRASTRUCTURE_START_LEVELS = Map.of(
            "org.apache.felix.scr", 10, "org.apache.felix.configadmin", 11, "org.apache.felix.eventadmin", 12,
            "org.apache.felix.fileinstall", 13, "org.ops4j.pax.logging.pax-logging-api", 14,
            "org.ops4j.pax.logging.pax-logging-log4j2", 15, "io.openems.core.referencetarget", 16,
            "io.openems.core.logger", 17, "io.openems.edge.application", 18);
    private static final int DIRECTORY_DEFAULT_START_LEVEL = 19;

    private final Path cacheRoot;

    /** @param cacheRoot where jars are extracted, one subdirectory per SHA-256 */
    public EdgeAppLoader(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    public EdgeApp load(Path source) {
        if (Files.isDirectory(source)) {
            return Files.isRegularFile(source.resolve(LAUNCHER_PROPERTIES))
                    ? fromLaunchProperties(source, "dir:" + source, readProperties(source, source.resolve(LAUNCHER_PROPERTIES)), source)
                    : fromBundleDirectory(source);
        }
        if (!Files.isRegularFile(source)) {
            throw FleetException.badInput("--edge-app " + source + ": no such file or directory");
        }
        return fromJar(source);
    }

    private EdgeApp fromJar(Path jar) {
        String sha256 = sha256(jar);
        Path extracted = cacheRoot.resolve(sha256);
        if (!Files.exists(extracted.resolve(COMPLETE_MARKER))) {
            extract(jar, extracted);
        }
        Properties properties = readProperties(jar, extracted.resolve(LAUNCHER_PROPERTIES));
        return fromLaunchProperties(jar, sha256, properties, extracted);
    }

    /** Extracts launcher.properties and the bundles it lists into a fresh directory, then renames it into place. */
    private void extract(Path jar, Path target) {
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (ZipFile zip = openZip(jar)) {
            ZipEntry propertiesEntry = zip.getEntry(LAUNCHER_PROPERTIES);
            if (propertiesEntry == null) {
                throw FleetException.badInput("--edge-app " + jar + " has no " + LAUNCHER_PROPERTIES
                        + ": it is not an executable OpenEMS Edge jar (build it with ./gradlew buildEdge or take"
                        + " openems-edge.jar from an OpenEMS release)");
            }
            deleteRecursively(staging);
            Files.createDirectories(staging);
            copy(zip, propertiesEntry, staging.resolve(LAUNCHER_PROPERTIES));
            Properties properties = readProperties(jar, staging.resolve(LAUNCHER_PROPERTIES));
            for (String path : bundlePaths(jar, properties)) {
                ZipEntry entry = zip.getEntry(path);
                if (entry == null) {
                    throw FleetException.badInput("--edge-app " + jar + ": launcher.properties lists " + path
                            + ", which the jar does not contain");
                }
                Path file = staging.resolve(path).normalize();
                if (!file.startsWith(staging)) {
                    throw FleetException.badInput("--edge-app " + jar + ": bundle path " + path + " leaves the jar");
                }
                Files.createDirectories(file.getParent());
                copy(zip, entry, file);
            }
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            Files.createDirectories(target.getParent());
            deleteRecursively(target);
            moveIntoPlace(staging, target);
        } catch (IOException e) {
            deleteQuietly(staging);
            throw FleetException.failure("cannot extract the bundles of " + jar + " into " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(staging, target);
        }
    }

    private static ZipFile openZip(Path jar) {
        try {
            return new ZipFile(jar.toFile());
        } catch (ZipException e) {
            throw FleetException.badInput("--edge-app " + jar + " is not a jar file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw FleetException.badInput("--edge-app " + jar + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static void copy(ZipFile zip, ZipEntry entry, Path target) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private EdgeApp fromLaunchProperties(Path source, String id, Properties properties, Path base) {
        Map<String, Integer> startLevels = new HashMap<>();
        for (OsgiHeader.Clause clause : OsgiHeader.parse(properties.getProperty("launch.runbundles.attrs"))) {
            String level = clause.attributes().get("startlevel");
            if (level != null && level.matches("\\d+")) {
                startLevels.put(clause.key(), Integer.parseInt(level));
            }
        }
        int defaultLevel = intProperty(source, properties, "launch.startlevel.default", 1);
        int highest = startLevels.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int beginning = intProperty(source, properties, "org.osgi.framework.startlevel.beginning",
                Math.max(defaultLevel, highest) + 1);

        List<AppBundle> bundles = new ArrayList<>();
        for (String path : bundlePaths(source, properties)) {
            Path file = base.resolve(path).normalize();
            if (!Files.isRegularFile(file)) {
                throw FleetException.badInput("--edge-app " + source + ": launcher.properties lists " + path
                        + ", which does not exist");
            }
            bundles.add(readBundle(source, path, file, startLevels));
        }

        Map<String, String> runProperties = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("launch.") && !key.equals("org.osgi.framework.startlevel.beginning")) {
                runProperties.put(key, properties.getProperty(key));
            }
        }
        return new EdgeApp(source, id, bundles, defaultLevel, beginning, runProperties,
                properties.getProperty("launch.system.packages", ""),
                properties.getProperty("launch.system.capabilities", ""));
    }

    private EdgeApp fromBundleDirectory(Path dir) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw FleetException.badInput("--edge-app " + dir + ": cannot list it (" + e.getMessage() + ")", e);
        }
        if (jars.isEmpty()) {
            throw FleetException.badInput("--edge-app " + dir + " holds no bundles (*.jar) and no launcher.properties");
        }
        List<AppBundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            bundles.add(readBundle(dir, jar.getFileName().toString(), jar, INFRASTRUCTURE_START_LEVELS));
        }
        String id = "dir:" + dir + ":" + jars.size();
        return new EdgeApp(dir, id, bundles, DIRECTORY_DEFAULT_START_LEVEL, DIRECTORY_DEFAULT_START_LEVEL + 1,
                Map.of(), "", "");
    }

    private static AppBundle readBundle(Path source, String path, Path file, Map<String, Integer> startLevels) {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw FleetException.badInput("--edge-app " + source + ": bundle " + path + " is not a readable jar ("
                    + e.getMessage() + ")", e);
        }
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String symbolicName = main == null ? null : main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw FleetException.badInput("--edge-app " + source + ": " + path
                    + " is not an OSGi bundle (its manifest has no Bundle-SymbolicName)");
        }
        int semicolon = symbolicName.indexOf(';');
        String bsn = (semicolon < 0 ? symbolicName : symbolicName.substring(0, semicolon)).trim();
        String version = main.getValue("Bundle-Version") == null ? "0.0.0" : main.getValue("Bundle-Version").trim();
        boolean fragment = main.getValue("Fragment-Host") != null;
        return new AppBundle(bsn, version, file, startLevels.getOrDefault(bsn, 0), fragment);
    }

    private static List<String> bundlePaths(Path source, Properties properties) {
        String list = properties.getProperty("launch.bundles");
        if (list == null || list.isBlank()) {
            throw FleetException.badInput("--edge-app " + source + ": launcher.properties has no launch.bundles");
        }
        List<String> paths = new ArrayList<>();
        for (String path : list.split(",")) {
            if (!path.isBlank()) {
                paths.add(path.trim());
            }
        }
        return paths;
    }

    private static int intProperty(Path source, Properties properties, String key, int fallback) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw FleetException.badInput("--edge-app " + source + ": launcher.properties " + key + "=" + value
                    + " is not a number");
        }
    }

    private static Properties readProperties(Path source, Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw FleetException.badInput("--edge-app " + source + ": cannot read " + LAUNCHER_PROPERTIES + " ("
                    + e.getMessage() + ")", e);
        }
        return properties;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw FleetException.badInput("--edge-app " + file + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover staging directory is replaced on the next run
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
