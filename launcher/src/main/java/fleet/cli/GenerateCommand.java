package fleet.cli;

import java.util.concurrent.Callable;

import fleet.FleetException;
import picocli.CommandLine.Command;

@Command(name = "generate", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class GenerateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw FleetException.failure("fleet generate is not built yet");
    }
}
