package fleet.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small bundles and edge-app jars in the layout bnd exports, for loader tests. */
final class TestJars {

    private TestJars() {
    }

    static byte[] bundle(Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("a test bundle".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] bundle(String symbolicName, String version) throws IOException {
        return bundle(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", version));
    }

    /** An edge-app jar: the given entries plus nothing else (no launcher.properties unless given). */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A well-formed app with three bundles: scr (level 10), a library and an application bundle. */
    static Map<String, byte[]> goodApp() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("launcher.properties", String.join("\n",
                "launch.bundles=jar/org.apache.felix.scr-2.2.18.jar,jar/lib-1.0.jar,jar/app-1.0.jar",
                "launch.runbundles.attrs=org.apache.felix.scr;version='[2.2.18,2.2.19)';startlevel=10,"
                        + "lib;version=1.0.0,app;version=1.0.0",
                "launch.startlevel.default=19",
                "launch.system.packages=sun.misc,com.sun.net.httpserver",
                "launch.embedded=true",
                "felix.cm.dir=config.d",
                "openems.data.dir=data",
                "org.apache.felix.eventadmin.Timeout=0",
                "").getBytes(StandardCharsets.ISO_8859_1));
        entries.put("jar/org.apache.felix.scr-2.2.18.jar", bundle("org.apache.felix.scr", "2.2.18"));
        entries.put("jar/lib-1.0.jar", bundle("lib;singleton:=true", "1.0.0"));
        entries.put("jar/app-1.0.jar", bundle("app", "1.0.0"));
        return entries;
    }
}
