package fleet.fetch;

/** Why a jar is not the release's asset fleet asked for, in a few words (see ReleaseJarCheck). */
final class NotAReleaseJar extends Exception {

    private static final long serialVersionUID = 1L;

    NotAReleaseJar(String reason) {
        super(reason);
    }
}
