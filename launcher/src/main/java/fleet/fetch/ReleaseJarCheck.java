package fleet.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What fleet checks of a release's jar ({@link ReleaseAsset}) it takes from a download or the cache,
 * reading the jar without extracting it (fleet.app extracts it later): the layout of a bnd executable
 * jar, as {@code ./gradlew buildEdge} or {@code buildBackend} makes it ({@code launcher.properties}
 * whose {@code launch.bundles} lists the bundles under {@code jar/}, each present), the OpenEMS
 * Backend's application bundle in openems-backend.jar ({@link BackendJarCheck}), and the OpenEMS
 * version the jar states.
 *
 * <p>That version is not in any manifest: every OpenEMS bundle is {@code Bundle-Version:
 * 1.0.0.<build time>}. OpenEMS states its release only in {@code io.openems.common}'s
 * {@code OpenemsConstants} (VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH and VERSION_STRING, which the
 * edge reports as {@code _meta/Version}), compile-time constants that are read here from the class file.
 */
final class ReleaseJarCheck {

    static final String LAUNCHER_PROPERTIES = "launcher.properties";
    static final String COMMON_BUNDLE = "io.openems.common";
    static final String CONSTANTS_CLASS = "io/openems/common/OpenemsConstants.class";

    /** The version an edge application states, e.g. 2026.5.0-SNAPSHOT: the release and OpenEMS's suffix. */
    record StatedVersion(OpenemsVersion release, String suffix) {

        @Override
        public String toString() {
            return release + (suffix.isEmpty() ? "" : "-" + suffix);
        }
    }

    private ReleaseJarCheck() {
    }

    /**
     * @return the OpenEMS version the jar states; empty when it has no io.openems.common bundle, which
     *         only an edge application that is not OpenEMS itself lacks (fleet's test edge application)
     * @throws NotAReleaseJar when the jar is not a bnd executable jar of OSGi bundles, not the asset
     *                        (openems-backend.jar without the Backend's application), or its
     *                        io.openems.common states no version, or it has none and must
     */
    static Optional<StatedVersion> check(Path jar, ReleaseAsset asset) throws NotAReleaseJar {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Optional<StatedVersion> version = Optional.empty();
            List<String> bundles = bundlePaths(zip, asset);
            if (asset == ReleaseAsset.BACKEND) {
                Optional<String> notTheBackend = BackendJarCheck.notTheBackend(zip);
                if (notTheBackend.isPresent()) {
                    throw new NotAReleaseJar(notTheBackend.get());
                }
            }
            for (String path : bundles) {
                ZipEntry entry = zip.getEntry(path);
                if (entry == null) {
                    throw new NotAReleaseJar(LAUNCHER_PROPERTIES + " lists " + path
                            + ", which the jar does not contain");
                }
                try (JarInputStream bundle = new JarInputStream(zip.getInputStream(entry))) {
                    if (COMMON_BUNDLE.equals(symbolicName(bundle.getManifest()))) {
                        version = Optional.of(statedVersion(bundle, path));
                    }
                }
            }
            if (version.isEmpty() && !asset.versionOptional()) {
                throw new NotAReleaseJar("no " + COMMON_BUNDLE + " bundle, which every " + asset.what()
                        + " has and which states OpenEMS's version");
            }
            return version;
        } catch (ZipException e) {
            throw new NotAReleaseJar("not a jar file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new NotAReleaseJar("cannot read it (" + e.getMessage() + ")");
        }
    }

    private static List<String> bundlePaths(ZipFile zip, ReleaseAsset asset) throws IOException, NotAReleaseJar {
        ZipEntry entry = zip.getEntry(LAUNCHER_PROPERTIES);
        if (entry == null) {
            throw new NotAReleaseJar("no " + LAUNCHER_PROPERTIES + ", so not an executable jar as ./gradlew "
                    + asset.gradleTask() + " makes it");
        }
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            properties.load(in);
        }
        List<String> paths = new ArrayList<>();
        for (String path : properties.getProperty("launch.bundles", "").split(",")) {
            if (!path.isBlank()) {
                paths.add(path.trim());
            }
        }
        if (paths.isEmpty()) {
            throw new NotAReleaseJar(LAUNCHER_PROPERTIES + " lists no bundles (launch.bundles)");
        }
        return paths;
    }

    private static String symbolicName(Manifest manifest) {
        String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (name == null) {
            return null;
        }
        int semicolon = name.indexOf(';');
        return (semicolon < 0 ? name : name.substring(0, semicolon)).trim();
    }

    private static StatedVersion statedVersion(JarInputStream bundle, String path) throws IOException, NotAReleaseJar {
        for (JarEntry entry = bundle.getNextJarEntry(); entry != null; entry = bundle.getNextJarEntry()) {
            if (entry.getName().equals(CONSTANTS_CLASS)) {
                return fromConstants(bundle.readAllBytes(), path);
            }
        }
        throw new NotAReleaseJar(path + " (" + COMMON_BUNDLE + ") has no OpenemsConstants, which states OpenEMS's"
                + " version");
    }

    private static StatedVersion fromConstants(byte[] classFile, String path) throws NotAReleaseJar {
        Map<String, Object> constants = new HashMap<>();
        try {
            new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                        Object value) {
                    if (value != null) {
                        constants.put(name, value);
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) { // ASM's answer to a class file it cannot read
            throw new NotAReleaseJar(path + ": cannot read " + CONSTANTS_CLASS + " (" + e + ")");
        }
        if (!(constants.get("VERSION_MAJOR") instanceof Integer major)
                || !(constants.get("VERSION_MINOR") instanceof Integer minor)
                || !(constants.get("VERSION_PATCH") instanceof Integer patch)) {
            throw new NotAReleaseJar(path + ": OpenemsConstants has no VERSION_MAJOR, VERSION_MINOR and VERSION_PATCH");
        }
        String suffix = constants.get("VERSION_STRING") instanceof String text ? text : "";
        return new StatedVersion(new OpenemsVersion(major, minor, patch), suffix);
    }
}
