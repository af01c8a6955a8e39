package fleet.cli;

import java.util.concurrent.Callable;

import fleet.FleetException;
import picocli.CommandLine.Command;

@Command(name = "unregister", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class UnregisterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw FleetException.failure("fleet unregister is not built yet");
    }
}
