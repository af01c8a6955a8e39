package fleet.plan;

import java.util.Locale;

import fleet.FleetException;

/** The OSGi framework implementation every edge runs on ({@code --framework}). */
public enum OsgiFramework {
    /** Apache Felix: fleet's default. */
    FELIX,
    /** Eclipse Equinox (spike: compared with Felix on the real edge). */
    EQUINOX;

    /** The system property that chooses the framework where no plan does (tests: -Dfleet.framework=equinox). */
    public static final String PROPERTY = "fleet.framework";

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

    /** The framework named by the system property {@value #PROPERTY}; Felix when it is not set. */
    public static OsgiFramework fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? FELIX : of("-D" + PROPERTY, value);
    }
}
