package fleet.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Which OpenEMS Backend a jar is, from the bundles it holds under {@code jar/}, read without
 * extracting it. openems-backend.jar holds the Backend's application, {@value #APPLICATION}
 * (BackendApp), and the bundle that edges connect to: {@value #EDGE_MANAGER} from OpenEMS 2026.2.0 on,
 * when the edges' websocket moved into a separate application that OpenEMS builds as
 * openems-backend-edge.jar ({@value #EDGE_APPLICATION}, not attached to releases), and
 * {@value #EDGE_WEBSOCKET} up to 2026.1, when the Backend served the edges itself.
 */
public final class BackendJarCheck {

    /** How the Backend takes the edges' connections. */
    public enum Layout {
        /** 2026.2.0 on: an edge manager; the edges connect to openems-backend-edge.jar. */
        SPLIT,
        /** Up to 2026.1: the edges connect to the Backend's own websocket. */
        SINGLE
    }

    static final String APPLICATION = "jar/io.openems.backend.application.jar";
    static final String EDGE_MANAGER = "jar/io.openems.backend.edge.manager.jar";
    static final String EDGE_WEBSOCKET = "jar/io.openems.backend.edgewebsocket.jar";
    static final String EDGE_APPLICATION = "jar/io.openems.backend.edge.application.jar";

    private BackendJarCheck() {
    }

    /**
     * @param jar openems-backend.jar, e.g. a release's from {@link ReleaseFetch}
     * @throws NotABackendApp when the jar cannot be read as a jar, or holds no Backend application, or
     *                        neither an edge manager nor an edge websocket
     */
    public static Layout layout(Path jar) throws NotABackendApp {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Optional<String> notTheBackend = notTheBackend(zip);
            if (notTheBackend.isPresent()) {
                throw new NotABackendApp(jar + " is not an OpenEMS Backend: " + notTheBackend.get());
            }
            if (zip.getEntry(EDGE_MANAGER) != null) {
                return Layout.SPLIT;
            }
            if (zip.getEntry(EDGE_WEBSOCKET) != null) {
                return Layout.SINGLE;
            }
            throw new NotABackendApp(jar + " is an OpenEMS Backend with neither " + EDGE_MANAGER + " (OpenEMS 2026.2.0"
                    + " on) nor " + EDGE_WEBSOCKET + " (up to 2026.1), so fleet cannot tell how its edges connect");
        } catch (ZipException e) {
            throw new NotABackendApp(jar + " is not an OpenEMS Backend: not a jar file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new NotABackendApp("cannot read " + jar + " (" + e + "), which should be an OpenEMS Backend");
        }
    }

    /**
     * Whether the jar is the Backend's edge-facing application, openems-backend-edge.jar (2026.2.0 on), which
     * holds {@value #EDGE_APPLICATION}. A file that cannot be read as a jar is not one.
     */
    public static boolean isBackendEdgeApp(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(EDGE_APPLICATION) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why the jar is not openems-backend.jar, empty when it holds the Backend's application. */
    static Optional<String> notTheBackend(ZipFile zip) {
        if (zip.getEntry(APPLICATION) != null) {
            return Optional.empty();
        }
        if (zip.getEntry(EDGE_APPLICATION) != null) {
            return Optional.of("it holds " + EDGE_APPLICATION + " and no " + APPLICATION + ": the Backend's"
                    + " edge-facing application (openems-backend-edge.jar), not the Backend (openems-backend.jar)");
        }
        return Optional.of("no " + APPLICATION + " (BackendApp), which every OpenEMS Backend has");
    }
}
