package fleet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;
import picocli.CommandLine;

/**
 * Entry point of fleet.jar. Parses the command line, runs one command and turns its outcome into
 * one of the documented exit codes. This is the only place that calls {@code System.exit}.
 */
public final class Main {

    private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs fleet with these arguments and returns the exit code instead of exiting. */
    public static int run(String... args) {
        String[] effective = withDefaultCommand(args);
        boolean verbose = Arrays.asList(effective).contains("--verbose");
        CommandLine commandLine = new CommandLine(new FleetCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(java.nio.file.Path.class, fleet.host.LaunchDir::resolve);
        commandLine.setParameterExceptionHandler((ex, argv) -> {
            Console.stderr().error(ex.getMessage() + " (see: fleet " + ex.getCommandLine().getCommandName()
                    .replace("fleet", "").trim() + " --help)");
            return ExitCode.BAD_INPUT.code();
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, verbose));
        return commandLine.execute(effective);
    }

    static int report(Throwable ex, boolean verbose) {
        Console console = Console.stderr();
        if (ex instanceof FleetException fleetException) {
            console.error(fleetException.getMessage());
            if (verbose && fleetException.getCause() != null) {
                fleetException.getCause().printStackTrace(console.stream());
            } else if (fleetException.getCause() != null) {
                console.error("(run with --verbose for details)");
            }
            return fleetException.exitCode().code();
        }
        console.error("unexpected error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            ex.printStackTrace(console.stream());
        }
        return ExitCode.FAILURE.code();
    }

    /** {@code fleet --edges 3} means {@code fleet run --edges 3}: run is the default command. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (FleetCommand.SUBCOMMANDS.contains(args[0]) || TOP_LEVEL_FLAGS.contains(args[0])
                || "help".equals(args[0]))) {
            return args;
        }
        List<String> withRun = new ArrayList<>(args.length + 1);
        withRun.add("run");
        withRun.addAll(Arrays.asList(args));
        return withRun.toArray(String[]::new);
    }
}
