package fleet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Equinox builds its system bundle from the manifest of the jar it was loaded from ({@code osgi.framework}
 * defaults to that jar): Bundle-SymbolicName, its own exports (org.eclipse.osgi.*, the OSGi service APIs it
 * implements). Inside the shaded fleet.jar that manifest is fleet's; the build keeps Equinox's as the
 * resource {@value #RESOURCE}. This writes it into a directory that {@code osgi.framework} can name.
 */
final class EquinoxSystemBundle {

    static final String RESOURCE = "/fleet/equinox/META-INF/MANIFEST.MF";
    private static final String EQUINOX_NAME = "org.eclipse.osgi";

    private EquinoxSystemBundle() {
    }

    /**
     * The value for {@code osgi.framework}, a {@code file:} URL of a directory holding Equinox's manifest;
     * empty when Equinox runs from its own jar (tests, an IDE) and finds its manifest itself.
     */
    static Optional<String> frameworkLocation(Path dir) {
        if (loadedFromOwnJar()) {
            return Optional.empty();
        }
        try (InputStream manifest = EquinoxSystemBundle.class.getResourceAsStream(RESOURCE)) {
            if (manifest == null) {
                throw new IllegalStateException("fleet.jar lacks Equinox's manifest (" + RESOURCE + ")");
            }
            Path target = dir.resolve("META-INF").resolve("MANIFEST.MF");
            Files.createDirectories(target.getParent());
            Files.copy(manifest, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of("file:" + dir.toAbsolutePath() + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Equinox's manifest into " + dir, e);
        }
    }

    private static boolean loadedFromOwnJar() {
        try {
            var source = org.eclipse.osgi.launch.EquinoxFactory.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return false;
            }
            Path path = Path.of(location.toURI());
            if (!Files.isRegularFile(path)) {
                return false;
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                Manifest manifest = jar.getManifest();
                String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
                return name != null && name.startsWith(EQUINOX_NAME);
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return false;
        }
    }
}
