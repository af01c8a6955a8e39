package fleet.cli;

import java.nio.file.Path;

import fleet.console.Console;
import fleet.fetch.OpenemsVersion;
import fleet.fetch.ReleaseAsset;
import fleet.fetch.ReleaseCache;
import fleet.fetch.ReleaseFetch;
import fleet.fetch.ReleaseUrl;
import picocli.CommandLine.Option;

/**
 * The jars of an OpenEMS release by version, each downloaded once into the user's cache: the edge
 * application, openems-edge.jar, and the OpenEMS Backend, openems-backend.jar.
 */
public final class OpenemsReleaseOptions {

    @Option(names = "--openems-version", paramLabel = "VERSION",
            description = "Run this OpenEMS release's openems-edge.jar, downloaded on first use into"
                    + " $XDG_CACHE_HOME/fleet/openems/VERSION/ (default, when no edge application is given or found: "
                    + OpenemsVersion.TESTED + ", the release fleet is tested with).")
    String version;

    @Option(names = "--openems-download-url", paramLabel = "URL",
            description = "Where openems-edge.jar of --openems-version is downloaded from; {version} stands for the"
                    + " release (default: $" + ReleaseUrl.ENV + ", else OpenEMS's GitHub releases, "
                    + ReleaseUrl.DEFAULT + "). The release's openems-backend.jar is taken from beside it (a URL"
                    + " ending in /openems-edge.jar), else from $" + ReleaseUrl.BACKEND_ENV + ".")
    String downloadUrl;

    /** A release asked for on the command line beats $FLEET_OPENEMS_EDGE_JAR and ./openems-edge.jar. */
    boolean given() {
        return version != null || downloadUrl != null;
    }

    /**
     * The release's edge application from the cache. The launching fleet downloads it when missing; the
     * JVM that hosts the edges runs the same resolution afterwards and only checks the cache.
     */
    Path edgeApp(boolean hosted) {
        OpenemsVersion release = release();
        return fetch(ReleaseAsset.EDGE, edgeUrl(), release, hosted);
    }

    /**
     * The release's OpenEMS Backend, openems-backend.jar, from the cache, as {@link #edgeApp} takes the
     * edge application: the launching fleet downloads it when missing, a hosted JVM only checks the
     * cache. It comes from beside openems-edge.jar (see {@link ReleaseUrl#ofBackend}); a download URL that
     * does not end in /openems-edge.jar needs $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL. Every failure is one
     * line (exit 2) that names $FLEET_OPENEMS_BACKEND_JAR, which the caller honours before this.
     */
    Path backendApp(boolean hosted) {
        OpenemsVersion release = release();
        ReleaseUrl url = ReleaseUrl.ofBackend(edgeUrl(), edgeUrlSetting(), System.getenv(ReleaseUrl.BACKEND_ENV));
        return fetch(ReleaseAsset.BACKEND, url, release, hosted);
    }

    private OpenemsVersion release() {
        return OpenemsVersion.parse("--openems-version", version == null ? OpenemsVersion.TESTED : version);
    }

    private static Path fetch(ReleaseAsset asset, ReleaseUrl url, OpenemsVersion release, boolean hosted) {
        ReleaseFetch fetch = new ReleaseFetch(asset, ReleaseCache.ofUser(), url, Console.stdout(), Console.stderr(),
                Console.isTerminal());
        return hosted ? fetch.cached(release) : fetch.cachedOrDownloaded(release);
    }

    private ReleaseUrl edgeUrl() {
        if (downloadUrl != null) {
            return ReleaseUrl.parse("--openems-download-url", downloadUrl);
        }
        String fromEnv = System.getenv(ReleaseUrl.ENV);
        return fromEnv == null || fromEnv.isBlank() ? ReleaseUrl.defaultUrl() : ReleaseUrl.parse("$" + ReleaseUrl.ENV, fromEnv);
    }

    /** Where {@link #edgeUrl} came from, for a message about it. */
    private String edgeUrlSetting() {
        if (downloadUrl != null) {
            return "--openems-download-url";
        }
        String fromEnv = System.getenv(ReleaseUrl.ENV);
        return fromEnv == null || fromEnv.isBlank() ? "the default download URL" : "$" + ReleaseUrl.ENV;
    }
}
