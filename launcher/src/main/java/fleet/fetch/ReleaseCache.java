package fleet.fetch;

import java.nio.file.Path;

/**
 * Where downloaded OpenEMS releases are kept: one directory per version under the user's cache,
 * {@code $XDG_CACHE_HOME/fleet/openems/<version>/}, which holds each {@link ReleaseAsset} fleet took
 * from the release (openems-edge.jar, openems-backend.jar) beside its checksum file. It is shared by
 * every work dir and every run, so that a release is downloaded once per machine and user.
 *
 * @param root the directory that holds one directory per version
 */
public record ReleaseCache(Path root) {

    static final String CHECKSUM_SUFFIX = ".sha256";

    public ReleaseCache {
        root = root.toAbsolutePath().normalize();
    }

    /** The cache of the user running fleet, as the XDG base directory specification places it. */
    public static ReleaseCache ofUser() {
        return of(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    /** The specification says to ignore a relative XDG_CACHE_HOME, and to use ~/.cache when it is not set. */
    static ReleaseCache of(String xdgCacheHome, String userHome) {
        Path base = xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()
                ? Path.of(xdgCacheHome)
                : Path.of(userHome, ".cache");
        return new ReleaseCache(base.resolve("fleet").resolve("openems"));
    }

    public Path directory(OpenemsVersion version) {
        return root.resolve(version.toString());
    }

    /** The release's asset, e.g. {@code <version>/openems-backend.jar}. */
    public Path jar(OpenemsVersion version, ReleaseAsset asset) {
        return directory(version).resolve(asset.fileName());
    }

    /**
     * The SHA-256 recorded on the jar's first download (or first use), in sha256sum's format, e.g.
     * {@code <version>/openems-backend.jar.sha256}.
     */
    public Path checksum(OpenemsVersion version, ReleaseAsset asset) {
        return directory(version).resolve(asset.fileName() + CHECKSUM_SUFFIX);
    }
}
