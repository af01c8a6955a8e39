package fleet.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import fleet.testing.TestEdgeApp;

/**
 * "Releases" for the download tests, made from fleet's test edge application. That application is
 * not OpenEMS and has no io.openems.common bundle, so it states no OpenEMS version; to check the
 * version check, {@link #statingVersion} adds a bundle io.openems.common whose only class is an
 * OpenemsConstants with OpenEMS's four version constants, made here with ASM (no file of fleet looks
 * like OpenEMS's), and lists it in launcher.properties as bnd would. The OpenEMS Backend's jars
 * ({@link #backend}, {@link #backendEdgeApp}) are made the same way, from empty bundles that carry
 * the names of OpenEMS's.
 */
final class ReleaseJars {

    private ReleaseJars() {
    }

    /** fleet's test edge application as it is: an edge application without OpenEMS's version. */
    static byte[] testEdgeApp() throws IOException {
        return Files.readAllBytes(TestEdgeApp.jar());
    }

    /** The test edge application plus an io.openems.common bundle that states this OpenEMS version. */
    static byte[] statingVersion(int major, int minor, int patch, String suffix) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile app = new ZipFile(TestEdgeApp.jar().toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            Properties launcher = new Properties();
            try (InputStream in = app.getInputStream(app.getEntry("launcher.properties"))) {
                launcher.load(in);
            }
            launcher.setProperty("launch.bundles", launcher.getProperty("launch.bundles") + ",jar/io.openems.common.jar");
            for (Enumeration<? extends ZipEntry> entries = app.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("launcher.properties")) {
                    launcher.store(out, "the test edge app, with an io.openems.common that states a version");
                } else {
                    try (InputStream in = app.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("jar/io.openems.common.jar"));
            out.write(commonBundle(major, minor, patch, suffix));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * openems-backend.jar of this OpenEMS version as bnd exports it: launcher.properties, the Backend's
     * application, io.openems.common, and the edge manager (SPLIT, 2026.2.0 on) or the edge websocket
     * (SINGLE, up to 2026.1).
     */
    static byte[] backend(int major, int minor, int patch, String suffix, BackendJarCheck.Layout layout)
            throws IOException {
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        bundles.put(BackendJarCheck.APPLICATION, emptyBundle("io.openems.backend.application"));
        if (layout == BackendJarCheck.Layout.SPLIT) {
            bundles.put(BackendJarCheck.EDGE_MANAGER, emptyBundle("io.openems.backend.edge.manager"));
        } else {
            bundles.put(BackendJarCheck.EDGE_WEBSOCKET, emptyBundle("io.openems.backend.edgewebsocket"));
        }
        bundles.put("jar/io.openems.common.jar", commonBundle(major, minor, patch, suffix));
        return bndJar(bundles);
    }

    /** A jar with the Backend's layout whose bundles include no io.openems.common, so it states no OpenEMS version. */
    static byte[] backendWithoutOpenemsVersion() throws IOException {
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        bundles.put(BackendJarCheck.APPLICATION, emptyBundle("io.openems.backend.application"));
        bundles.put(BackendJarCheck.EDGE_MANAGER, emptyBundle("io.openems.backend.edge.manager"));
        return bndJar(bundles);
    }

    /** openems-backend-edge.jar: the Backend's edge-facing application, which OpenEMS does not attach to releases. */
    static byte[] backendEdgeApp(int major, int minor, int patch) throws IOException {
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        bundles.put(BackendJarCheck.EDGE_APPLICATION, emptyBundle("io.openems.backend.edge.application"));
        bundles.put("jar/io.openems.common.jar", commonBundle(major, minor, patch, ""));
        return bndJar(bundles);
    }

    /** A bnd executable jar of these bundles (path in the jar, bytes), each listed in launcher.properties. */
    private static byte[] bndJar(Map<String, byte[]> bundles) throws IOException {
        Properties launcher = new Properties();
        launcher.setProperty("launch.bundles", String.join(",", bundles.keySet()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("launcher.properties"));
            launcher.store(out, "a synthetic OpenEMS jar");
            out.closeEntry();
            for (Map.Entry<String, byte[]> bundle : bundles.entrySet()) {
                out.putNextEntry(new ZipEntry(bundle.getKey()));
                out.write(bundle.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A zip that is no edge application: a jar with one text file. */
    static byte[] notAnEdgeApp() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("not an edge application".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** As OpenEMS versions its bundles: 1.0.0 and the build time; the release is only in OpenemsConstants. */
    private static byte[] commonBundle(int major, int minor, int patch, String suffix) throws IOException {
        return bundle("io.openems.common", "io/openems/common/OpenemsConstants.class",
                constantsClass(major, minor, patch, suffix));
    }

    private static byte[] emptyBundle(String symbolicName) throws IOException {
        return bundle(symbolicName, null, null);
    }

    /** A bundle with this one file (none when {@code path} is null). */
    private static byte[] bundle(String symbolicName, String path, byte[] content) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0.202604011200");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            if (path != null) {
                jar.putNextEntry(new ZipEntry(path));
                jar.write(content);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The four constants as javac writes OpenEMS's: static final short (and String) with a ConstantValue. */
    private static byte[] constantsClass(int major, int minor, int patch, String suffix) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                "io/openems/common/OpenemsConstants", null, "java/lang/Object", null);
        int constant = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
        writer.visitField(constant, "VERSION_MAJOR", "S", null, major).visitEnd();
        writer.visitField(constant, "VERSION_MINOR", "S", null, minor).visitEnd();
        writer.visitField(constant, "VERSION_PATCH", "S", null, patch).visitEnd();
        writer.visitField(constant, "VERSION_STRING", "Ljava/lang/String;", null, suffix).visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
