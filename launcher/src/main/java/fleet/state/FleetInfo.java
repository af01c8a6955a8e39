package fleet.state;

/**
 * Fleet-wide facts that do not change per edge.
 *
 * @param backendLabel  where edges send data, as shown to users, e.g.
 *                      "built-in receiver (not an OpenEMS Backend) ws://127.0.0.1:40123"
 * @param dashboardUrl  the dashboard's URL, empty when off
 * @param edgeApp       the edge application in use
 * @param workDir       the work dir
 */
public record FleetInfo(String backendLabel, String dashboardUrl, String edgeApp, String workDir) {

    public static final FleetInfo EMPTY = new FleetInfo("", "", "", "");
}
