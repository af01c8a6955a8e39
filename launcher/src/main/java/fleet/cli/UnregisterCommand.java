package fleet.cli;

import java.util.concurrent.Callable;

import fleet.ExitCode;
import fleet.console.Console;
import fleet.plan.EdgeRange;
import fleet.registry.Registry;
import fleet.registry.Unregistration;
import fleet.workdir.WorkDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "unregister", mixinStandardHelpOptions = true,
        description = {"Removes edge<I>..edge<I+N-1> from Odoo's openems_device table: only the devices fleet created;"
                + " every other row stays untouched."})
public final class UnregisterCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    EdgeRangeOptions edges;

    @Mixin
    DatabaseOptions.Connection database;

    @Override
    public Integer call() {
        EdgeRange range = edges.toRange();
        Console console = Console.stdout();
        try (Registry registry = Registry.open(database.toSettings(false), new WorkDir(common.workDir()), console)) {
            Unregistration unregistration = registry.unregister(range);
            int removed = unregistration.removed().size();
            console.info("unregistered " + RegisterCommand.span(range) + ": removed " + removed + " device"
                    + (removed == 1 ? "" : "s") + " fleet created from " + registry.describe());
            if (!unregistration.kept().isEmpty()) {
                console.info("left as they are (not created by fleet): " + RegisterCommand.names(unregistration.kept()));
            }
        }
        return ExitCode.OK.code();
    }
}
