package fleet.plan;

import java.util.Optional;

import fleet.household.HouseholdRanges;
import fleet.household.Profile;

/**
 * What household each edge of the built-in template simulates.
 *
 * @param profile how its datasources move ({@code --profile})
 * @param vary    the ranges each edge draws its own household from; empty = every edge the
 *                reference household, identical edges ({@code --vary none})
 */
public record HouseholdSettings(Profile profile, Optional<HouseholdRanges> vary) {

    /** Realistic days; edges differ when there is more than one. */
    public static HouseholdSettings defaults(int edges) {
        return new HouseholdSettings(Profile.REALISTIC, edges > 1 ? Optional.of(HouseholdRanges.DEFAULT)
                : Optional.empty());
    }

    public HouseholdSettings {
        Check.notNull("--profile", profile);
        Check.notNull("--vary", vary);
    }

    /**
     * From the options as given (null = not given).
     *
     * @throws fleet.FleetException (bad input) naming the option, the value and the rule
     */
    public static HouseholdSettings of(String profile, String vary, int edges) {
        HouseholdSettings defaults = defaults(edges);
        Profile chosen = defaults.profile();
        if (profile != null) {
            try {
                chosen = Profile.of(profile);
            } catch (IllegalArgumentException e) {
                throw fleet.FleetException.badInput(e.getMessage());
            }
        }
        Optional<HouseholdRanges> ranges = defaults.vary();
        if (vary != null) {
            if (vary.equals("none")) {
                ranges = Optional.empty();
            } else {
                try {
                    ranges = Optional.of(HouseholdRanges.parse(vary.equals("default") ? "" : vary));
                } catch (IllegalArgumentException e) {
                    throw fleet.FleetException.badInput("--vary " + e.getMessage() + " (or --vary none for identical"
                            + " edges)");
                }
            }
        }
        return new HouseholdSettings(chosen, ranges);
    }
}
