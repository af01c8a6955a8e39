package fleet.cli;

import java.nio.file.Path;

import fleet.console.Console;
import fleet.fetch.OpenemsVersion;
import fleet.fetch.ReleaseAsset;
import fleet.fetch.ReleaseCache;
import fleet.fetch.ReleaseFetch;
import fleet.fetch.ReleaseUrl;
import picocli.CommandLine.Option;

/** The edge application by OpenEMS release: openems-edge.jar downloaded once into the user's cache. */
public final class OpenemsReleaseOptions {

    @Option(names = "--openems-version", paramLabel = "VERSION",
            description = "Run this OpenEMS release's openems-edge.jar, downloaded on first use into"
                    + " $XDG_CACHE_HOME/fleet/openems/VERSION/ (default, when no edge application is given or found: "
                    + OpenemsVersion.TESTED + ", the release fleet is tested with).")
    String version;

    @Option(names = "--openems-download-url", paramLabel = "URL",
            description = "Where openems-edge.jar of --openems-version is downloaded from; {version} stands for the"
                    + " release (default: $" + ReleaseUrl.ENV + ", else OpenEMS's GitHub releases, "
                    + ReleaseUrl.DEFAULT + ").")
    String downloadUrl;

    /** A release asked for on the command line beats $FLEET_OPENEMS_EDGE_JAR and ./openems-edge.jar. */
    boolean given() {
        return version != null || downloadUrl != null;
    }

    /**
     * The release's jar from the cache. The launching fleet downloads it when missing; the JVM that
     * hosts the edges runs the same resolution afterwards and only checks the cache.
     */
    Path edgeApp(boolean hosted) {
        OpenemsVersion release = OpenemsVersion.parse("--openems-version",
                version == null ? OpenemsVersion.TESTED : version);
        ReleaseFetch fetch = new ReleaseFetch(ReleaseAsset.EDGE, ReleaseCache.ofUser(), url(), Console.stdout(),
                Console.stderr(), Console.isTerminal());
        return hosted ? fetch.cached(release) : fetch.cachedOrDownloaded(release);
    }

    private ReleaseUrl url() {
        if (downloadUrl != null) {
            return ReleaseUrl.parse("--openems-download-url", downloadUrl);
        }
        String fromEnv = System.getenv(ReleaseUrl.ENV);
        return fromEnv == null || fromEnv.isBlank() ? ReleaseUrl.defaultUrl() : ReleaseUrl.parse("$" + ReleaseUrl.ENV, fromEnv);
    }
}
