package fleet.plan;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where each edge's {@code config.d} comes from and how ports are handed out.
 *
 * @param directory     a user's config.d tree; empty = the built-in simulated edge
 * @param portBase      first port of edge 0's block
 * @param portStride    ports reserved per edge
 * @param debugLogEdges how many edges (the first ones) keep the per-cycle debug-log controller
 */
public record TemplateSettings(Optional<Path> directory, int portBase, int portStride, int debugLogEdges) {

    public static final int DEFAULT_PORT_BASE = 20_000;
    public static final int DEFAULT_PORT_STRIDE = 10;

    public TemplateSettings {
        Check.range("--port-base", portBase, 1024, 65535);
        Check.range("--port-stride", portStride, 1, 1000);
        Check.range("--debug-log-edges", debugLogEdges, 0, EdgeRange.MAX_EDGES);
    }
}
