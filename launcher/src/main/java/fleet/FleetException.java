package fleet;

/**
 * The one exception type fleet reports to its user: a message that names the thing that went wrong
 * and what to do, plus the exit code it maps to. Everything else that escapes is a bug and is shown
 * with its stack trace only under {@code --verbose}.
 */
public class FleetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public FleetException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public FleetException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input from the user: flags, files, templates, edge application. Exit code 2. */
    public static FleetException badInput(String message) {
        return new FleetException(ExitCode.BAD_INPUT, message);
    }

    public static FleetException badInput(String message, Throwable cause) {
        return new FleetException(ExitCode.BAD_INPUT, message, cause);
    }

    /** Something failed while running: database, ports, frameworks. Exit code 1. */
    public static FleetException failure(String message) {
        return new FleetException(ExitCode.FAILURE, message);
    }

    public static FleetException failure(String message, Throwable cause) {
        return new FleetException(ExitCode.FAILURE, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
