package fleet.fetch;

/** Why a download gave no complete file, in a few words for the one line fleet prints (see ReleaseFetch). */
final class DownloadFailure extends Exception {

    private static final long serialVersionUID = 1L;

    DownloadFailure(String reason) {
        super(reason);
    }
}
