package fleet.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import fleet.FleetException;

/**
 * How an OpenEMS Backend takes its edges, read off its jar (a bnd executable jar, bundles under
 * {@code jar/}): up to 2026.1 the Backend's own {@code Edge.Websocket}; from 2026.2 on the
 * Backend's {@code Edge.Manager} behind a separate edge-facing app ({@code Backend.Edge.App},
 * openems-backend-edge.jar), which the edges connect to.
 */
public enum BackendLayout {
    /** ≤ 2026.1: edges connect to the Backend's Edge.Websocket. */
    SINGLE,
    /** 2026.2+: edges connect to Backend.Edge.App, which talks to the Backend's Edge.Manager. */
    SPLIT;

    static final String EDGE_WEBSOCKET = "jar/io.openems.backend.edgewebsocket.jar";
    static final String EDGE_MANAGER = "jar/io.openems.backend.edge.manager.jar";
    static final String EDGE_APPLICATION = "jar/io.openems.backend.edge.application.jar";
    static final String BACKEND_APPLICATION = "jar/io.openems.backend.application.jar";

    /**
     * @param what names the jar in messages, e.g. "$FLEET_OPENEMS_BACKEND_JAR /x/openems-backend.jar"
     * @throws FleetException (bad input) when the jar is not an OpenEMS Backend
     */
    public static BackendLayout of(Path jar, String what) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(BACKEND_APPLICATION) == null) {
                throw notA(what, "an OpenEMS Backend (openems-backend.jar, with " + BACKEND_APPLICATION + ")");
            }
            if (zip.getEntry(EDGE_MANAGER) != null) {
                return SPLIT;
            }
            if (zip.getEntry(EDGE_WEBSOCKET) != null) {
                return SINGLE;
            }
            throw notA(what, "an OpenEMS Backend that takes edges: it has neither " + EDGE_MANAGER + " (2026.2+) nor "
                    + EDGE_WEBSOCKET + " (up to 2026.1)");
        } catch (IOException e) {
            throw notA(what, "a readable jar (" + e.getMessage() + ")");
        }
    }

    /** @throws FleetException (bad input) unless the jar is OpenEMS's edge-facing Backend.Edge.App */
    public static void requireEdgeApp(Path jar, String what) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(EDGE_APPLICATION) == null) {
                throw notA(what, "OpenEMS's Backend.Edge.App (openems-backend-edge.jar, with " + EDGE_APPLICATION + ")");
            }
        } catch (IOException e) {
            throw notA(what, "a readable jar (" + e.getMessage() + ")");
        }
    }

    private static FleetException notA(String what, String expected) {
        return FleetException.badInput(what + " is not " + expected);
    }
}
