package fleet.fetch;

/** Why a jar is not an OpenEMS Backend fleet can run, in a few words (see {@link BackendJarCheck#layout}). */
public final class NotABackendApp extends Exception {

    private static final long serialVersionUID = 1L;

    NotABackendApp(String reason) {
        super(reason);
    }
}
