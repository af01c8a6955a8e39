package fleet.plan;

import java.nio.file.Path;

/**
 * Everything one fleet run needs, validated once when the CLI builds it. Immutable; every later
 * stage only reads it.
 */
public record FleetPlan(EdgeRange edges, Path workDir, Path edgeApp, TemplateSettings template,
        RuntimeSettings runtime, DatabaseSettings database, BackendSettings backend,
        DashboardSettings dashboard, boolean verbose) {

    public FleetPlan {
        Check.notNull("--work-dir", workDir);
        Check.notNull("--edge-app", edgeApp);
        workDir = workDir.toAbsolutePath().normalize();
        edgeApp = edgeApp.toAbsolutePath().normalize();
    }
}
