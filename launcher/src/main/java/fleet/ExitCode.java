package fleet;

/** fleet's documented exit codes (README, "Exit codes"). */
public enum ExitCode {
    /** Everything worked, including a stop by Ctrl-C, SIGTERM or {@code --duration}. */
    OK(0),
    /** A runtime failure: database, ports, frameworks, an unexpected error. */
    FAILURE(1),
    /** Bad input: flags, files, templates, the edge application. Nothing was changed. */
    BAD_INPUT(2),
    /** {@code --wait-online} passed its deadline before every edge was online. */
    NOT_ONLINE(3),
    /** {@code fleet status}: the fleet runs, but some edge is failed or offline. */
    UNHEALTHY(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
