package fleet.plan;

import java.util.Locale;

import fleet.FleetException;

/** The OSGi framework implementation every edge runs on ({@code --framework}). */
public enum OsgiFramework {
    /**
     * Eclipse Equinox: fleet's default. OpenEMS asks the service registry for its components several
     * times per cycle; Equinox answers without loading classes to check assignability, and measured
     * on 20 real edges 1.23 % of a core per edge against Felix's 2.29-2.43 % (README, "Which framework").
     */
    EQUINOX,
    /** Apache Felix: fleet's framework before Equinox; kept to compare and to fall back on. */
    FELIX;

    /** The framework of a fleet that names none. */
    public static final OsgiFramework DEFAULT = EQUINOX;

    /** The implementation's name as a user knows it. */
    public String title() {
        return this == EQUINOX ? "Eclipse Equinox" : "Apache Felix";
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code felix} or {@code equinox}. */
    public static OsgiFramework of(String setting, String value) {
        for (OsgiFramework framework : values()) {
            if (framework.label().equals(value == null ? "" : value.strip().toLowerCase(Locale.ROOT))) {
                return framework;
            }
        }
        throw FleetException.badInput(setting + " " + value + ": must be felix or equinox");
    }
}
