package fleet.household;

/** {@code --profile}: how the simulated datasources move. */
public enum Profile {
    /** A day: PV zero at night, consumption with morning and evening peaks, aligned to the wall clock. */
    REALISTIC,
    /** The template's short loops (one value per cycle, repeating), scaled to the household: for load tests. */
    FLAT;

    public static Profile of(String option) {
        return switch (option) {
            case "realistic" -> REALISTIC;
            case "flat" -> FLAT;
            default -> throw new IllegalArgumentException("--profile " + option + ": must be realistic (a day, aligned"
                    + " to the clock) or flat (the template's short loops, for load tests)");
        };
    }
}
