package fleet.bench;

/**
 * The one exception shown to the user: its message is one line that names the thing and says what
 * to do. Exit code 2 for bad input (flags, files), 1 for a failure while measuring.
 */
final class BenchException extends RuntimeException {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    private final int exitCode;

    private BenchException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static BenchException badInput(String message) {
        return new BenchException(message, BAD_INPUT, null);
    }

    static BenchException failure(String message) {
        return new BenchException(message, FAILURE, null);
    }

    static BenchException failure(String message, Throwable cause) {
        return new BenchException(message, FAILURE, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
