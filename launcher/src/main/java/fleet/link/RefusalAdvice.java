package fleet.link;

/** What to do when an edge's apikey is refused, per backend layout, in one sentence each. */
final class RefusalAdvice {

    private RefusalAdvice() {
    }

    static final String BUILT_IN = "the built-in receiver accepts only apikeys found in openems_device (it looks"
            + " up a new key at once, no restart needed): register the devices with `fleet register` for this"
            + " --db and edge range, or let `fleet run` register them, then run fleet again";

    static final String OPENEMS_BACKEND = "an OpenEMS Backend learns apikeys only when Metadata.Odoo activates:"
            + " register the devices first (`fleet register`, or a `fleet run` that registered them), then restart"
            + " the backend — up to 2026.1 the OpenEMS Backend itself (Edge.Websocket on 8081); from 2026.2 the"
            + " OpenEMS Backend (Edge.Manager on 8083) and after it Backend.Edge.App (8081), which learns apikeys"
            + " from Edge.Manager when it connects — then run fleet";
}
