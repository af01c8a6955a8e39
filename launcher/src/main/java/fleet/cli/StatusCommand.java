package fleet.cli;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--url", paramLabel = "URL", split = ",",
            description = "The fleet's dashboard, e.g. http://127.0.0.1:8090/; several (repeated or comma-separated)"
                    + " for the shards of one fleet, shown as one table (default: the one the running fleet of"
                    + " --work-dir wrote into its fleet.lock).")
    List<URI> urls;

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
        List<URI> bases = urls != null && !urls.isEmpty() ? urls : List.of(dashboardOfWorkDir());
        List<DashboardClient.Snapshot> snapshots = new ArrayList<>();
        for (URI base : bases) {
            snapshots.add(new DashboardClient(base, TIMEOUT).read()); // one that does not answer: one line, exit 1
        }
        StatusTable table = new StatusTable(snapshots, Console.isTerminal(), wide);
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
