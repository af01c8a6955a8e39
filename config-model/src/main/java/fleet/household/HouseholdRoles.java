package fleet.household;

import java.util.Map;

/**
 * Which components of a template play which part of a household, by component id.
 *
 * @param consumption   the datasource of the consumption meter
 * @param pvArrays      the datasources of the PV meters, with where each faces: minutes its noon is
 *                      later than the sun's (negative = east)
 * @param battery       the battery; components that refer to it go with it when a household has none
 */
public record HouseholdRoles(String consumption, Map<String, Integer> pvArrays, String battery) {

    /** The built-in simulated edge: datasource0 feeds meter3, datasource1 (west) meter1, datasource2 (east) meter2. */
    public static final HouseholdRoles BUILT_IN = new HouseholdRoles("datasource0",
            Map.of("datasource1", 40, "datasource2", -40), "ess0");

    public HouseholdRoles {
        pvArrays = Map.copyOf(pvArrays);
    }
}
