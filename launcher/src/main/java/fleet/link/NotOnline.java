package fleet.link;

/**
 * One edge that was not online and healthy when {@code --wait-online} gave up, and the reason seen.
 *
 * @param edge   edge name
 * @param reason the kind of reason
 * @param detail what exactly was seen, in words a user can act on
 */
public record NotOnline(String edge, Reason reason, String detail) {

    public enum Reason {
        FRAMEWORK_FAILED("framework failed"),
        APIKEY_REFUSED("apikey refused"),
        CONNECTION_REFUSED("connection refused"),
        EDGE_NOT_CYCLING("edge not cycling"),
        /** Online, but OpenEMS itself says something is wrong (State, components, EdgeConfig). */
        NOT_HEALTHY("online, not healthy"),
        TIMEOUT("timeout");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** E.g. {@code edge3: apikey refused — apikey Ab1x… is not in openems_device}. */
    public String line() {
        return edge + ": " + reason.label() + (detail.isEmpty() ? "" : " — " + detail);
    }
}
