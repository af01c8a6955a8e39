package fleet.fetch;

/** Why a jar is not an OpenEMS Edge application fleet can run, in a few words (see EdgeAppJarCheck). */
final class NotAnEdgeApp extends Exception {

    private static final long serialVersionUID = 1L;

    NotAnEdgeApp(String reason) {
        super(reason);
    }
}
