package fleet.plan;

/** A password that never shows up in logs, messages or toString(). */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The clear text, for the one place that hands it to the database driver. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "********";
    }
}
