package fleet.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;
import fleet.web.DashboardClient;
import fleet.web.StatusTable;
import fleet.workdir.CredentialsView;
import fleet.workdir.WorkDir;
import fleet.workdir.WorkDirLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every edge of a running fleet, from its JSON API. Exit code 0 when every edge"
                + " is online, 4 when any edge is failed or offline, 1 when no fleet answers."})
public final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    CommonOptions common;

    @Option(names = "--url", paramLabel = "URL",
            description = "The fleet's dashboard, e.g. http://127.0.0.1:8090/ (default: the one the running"
                    + " fleet of --work-dir wrote into its fleet.lock).")
    URI url;

    @Option(names = "--show-credentials",
            description = "Also print the passwords of every edge's OpenEMS users (admin, installer, owner, guest),"
                    + " from the edges' credentials files in --work-dir.")
    boolean showCredentials;

    @Option(names = "--wide",
            description = "Also show each edge's household (PV peak, consumption, battery, time offset) and the energy"
                    + " OpenEMS counted (production, consumption, grid buy/sell).")
    boolean wide;

    @Override
    public Integer call() {
        URI base = url != null ? url : dashboardOfWorkDir();
        DashboardClient.Snapshot snapshot = new DashboardClient(base, TIMEOUT).read();
        StatusTable table = new StatusTable(snapshot, Console.isTerminal(), wide);
        Console out = Console.stdout();
        table.lines().forEach(out::plain);
        if (showCredentials) {
            out.plain("");
            CredentialsView.lines(new WorkDir(common.workDir()), table.edgeNames()).forEach(out::plain);
        }
        return table.healthy() ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
    }

    private URI dashboardOfWorkDir() {
        WorkDir workDir = new WorkDir(common.workDir());
        if (!WorkDirLock.isHeld(workDir)) {
            throw FleetException.failure("no running fleet in " + workDir.root()
                    + " — start one with fleet run, or pass --work-dir DIR or --url URL");
        }
        Map<String, String> facts = WorkDirLock.read(workDir).orElse(Map.of());
        String dashboard = facts.get("dashboard");
        if (dashboard == null || dashboard.isBlank()) {
            throw FleetException.failure("the fleet in " + workDir.root() + " (pid " + facts.getOrDefault("pid", "?")
                    + ") has no dashboard: it is still starting, or runs with --dashboard-port 0 — try again, or"
                    + " restart it with a dashboard port");
        }
        return URI.create(dashboard);
    }
}
