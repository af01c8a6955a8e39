package fleet.config;

/**
 * Bad input found while reading, validating or rendering configurations: a {@code .config} file
 * that does not parse, a template file whose name does not match its PID, a port plan that does
 * not fit. The message names the file (and line, or property) and says what to change; the
 * launcher shows it as it is and exits with "bad input".
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
