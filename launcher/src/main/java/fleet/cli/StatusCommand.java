package fleet.cli;

import java.util.concurrent.Callable;

import fleet.FleetException;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw FleetException.failure("fleet status is not built yet");
    }
}
