package fleet.fetch;

/**
 * The jars fleet takes from an OpenEMS release, each a bnd executable jar that OpenEMS's release
 * workflow attaches to the release tag: what differs between them when {@link ReleaseFetch} downloads,
 * caches and checks one. Everything else (the cache directory, the checksum file, the version check
 * through io.openems.common's OpenemsConstants) is the same for both.
 */
public enum ReleaseAsset {

    /** The OpenEMS Edge application the fleet runs N times. */
    EDGE("openems-edge.jar", "edge application", "buildEdge", true,
            "--openems-download-url", "or pass --edge-app with an openems-edge.jar you have"),

    /**
     * The OpenEMS Backend (BackendApp). Its edge-facing application, openems-backend-edge.jar, is not
     * attached to releases.
     */
    BACKEND("openems-backend.jar", "OpenEMS Backend", "buildBackend", false,
            "--openems-download-url or $" + ReleaseUrl.BACKEND_ENV,
            "or set $" + ReleaseAsset.BACKEND_JAR_ENV + " to an openems-backend.jar you have");

    /** An openems-backend.jar the user has, instead of a release's download (honoured by fleet.cli). */
    public static final String BACKEND_JAR_ENV = "FLEET_OPENEMS_BACKEND_JAR";

    private final String fileName;
    private final String what;
    private final String gradleTask;
    private final boolean versionOptional;
    private final String urlSettings;
    private final String alternative;

    ReleaseAsset(String fileName, String what, String gradleTask, boolean versionOptional,
            String urlSettings, String alternative) {
        this.fileName = fileName;
        this.what = what;
        this.gradleTask = gradleTask;
        this.versionOptional = versionOptional;
        this.urlSettings = urlSettings;
        this.alternative = alternative;
    }

    /** The asset's name in a release, in its download URL and in the cache, e.g. openems-backend.jar. */
    public String fileName() {
        return fileName;
    }

    /** What fleet calls it in its lines, without article: "edge application", "OpenEMS Backend". */
    String what() {
        return what;
    }

    /** OpenEMS's Gradle task that makes the jar, named when a jar lacks the executable jar's layout. */
    String gradleTask() {
        return gradleTask;
    }

    /**
     * Whether a jar without io.openems.common, which states no OpenEMS version, is taken (with a warning).
     * Only fleet's test edge application lacks it; every OpenEMS Backend has it.
     */
    boolean versionOptional() {
        return versionOptional;
    }

    /** The settings that choose where the asset is downloaded from, for the line that reports a failed download. */
    String urlSettings() {
        return urlSettings;
    }

    /** How to run without the download, the end of every failure's line. */
    String alternative() {
        return alternative;
    }
}
