package fleet.cli;

import java.util.concurrent.Callable;

import fleet.FleetException;
import picocli.CommandLine.Command;

@Command(name = "register", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class RegisterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw FleetException.failure("fleet register is not built yet");
    }
}
