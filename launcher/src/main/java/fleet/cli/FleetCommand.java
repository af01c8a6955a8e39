package fleet.cli;

import java.util.Set;

import picocli.CommandLine.Command;

@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs a whole fleet of OpenEMS Edges in one JVM.",
                "Without a command, 'run' is assumed: fleet --edges 50 --edge-app openems-edge.jar"},
        subcommands = {RunCommand.class, GenerateCommand.class, RegisterCommand.class, UnregisterCommand.class,
                StatusCommand.class, ReportCommand.class, picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (also after Ctrl-C, SIGTERM or --duration)", "1:runtime failure",
                "2:bad input (flags, files, template, edge application)",
                "3:--wait-online deadline passed", "4:fleet status: an edge is failed or offline"})
public final class FleetCommand {

    static final Set<String> SUBCOMMANDS = Set.of("run", "generate", "register", "unregister", "status", "report");
}
