package fleet.fetch;

import java.net.URI;
import java.net.URISyntaxException;

import fleet.FleetException;

/**
 * Where a release's jar is downloaded from: a URL in which {@code {version}} stands for the release,
 * e.g. OpenEMS's GitHub release assets (the default) or a mirror inside a company. The user gives the
 * template of openems-edge.jar; openems-backend.jar is taken from beside it ({@link #ofBackend}).
 *
 * @param template an absolute http(s) URL once the version is filled in, usually with {@value #PLACEHOLDER}
 */
public record ReleaseUrl(String template) {

    public static final String PLACEHOLDER = "{version}";
    /** OpenEMS's release workflow attaches openems-edge.jar and openems-backend.jar to every release tag. */
    static final String RELEASES = "https://github.com/OpenEMS/openems/releases/download/" + PLACEHOLDER + "/";
    public static final String DEFAULT = RELEASES + "openems-edge.jar";
    public static final String ENV = "FLEET_OPENEMS_DOWNLOAD_URL";
    /** Where openems-backend.jar is downloaded from when it is not beside openems-edge.jar ({@link #ofBackend}). */
    public static final String BACKEND_ENV = "FLEET_OPENEMS_BACKEND_DOWNLOAD_URL";

    public ReleaseUrl {
        if (!isValid(template)) {
            throw new IllegalArgumentException(template + ": " + rule(ReleaseAsset.EDGE));
        }
    }

    public static ReleaseUrl defaultUrl() {
        return new ReleaseUrl(DEFAULT);
    }

    /** A template of openems-edge.jar the user gave ({@code setting} names where), checked once. */
    public static ReleaseUrl parse(String setting, String template) {
        return parse(setting, template, ReleaseAsset.EDGE);
    }

    private static ReleaseUrl parse(String setting, String template, ReleaseAsset asset) {
        String trimmed = template == null ? "" : template.trim();
        if (!isValid(trimmed)) {
            throw FleetException.badInput(setting + " " + template + ": " + rule(asset));
        }
        return new ReleaseUrl(trimmed);
    }

    /**
     * Where the release's openems-backend.jar is downloaded from: {@code $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL}
     * when it is set, else beside openems-edge.jar: the edge's template with its last path segment
     * {@code /openems-edge.jar} replaced by {@code /openems-backend.jar}, as on OpenEMS's GitHub releases
     * and on a mirror that keeps their file names. A template that does not end so (a mirror with its
     * own file names) gives no backend's URL: that is one line that says what to set.
     *
     * @param edge        the template of openems-edge.jar, as {@code edgeSetting} gave it
     * @param edgeSetting where that template came from, e.g. {@code --openems-download-url}, for the message
     * @param backend     the value of $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL, null when it is not set
     */
    public static ReleaseUrl ofBackend(ReleaseUrl edge, String edgeSetting, String backend) {
        if (backend != null && !backend.isBlank()) {
            return parse("$" + BACKEND_ENV, backend, ReleaseAsset.BACKEND);
        }
        String edgeFile = "/" + ReleaseAsset.EDGE.fileName();
        if (edge.template().endsWith(edgeFile)) {
            return new ReleaseUrl(edge.template().substring(0, edge.template().length() - edgeFile.length()) + "/"
                    + ReleaseAsset.BACKEND.fileName());
        }
        throw FleetException.badInput(edgeSetting + " " + edge.template() + " does not end in " + edgeFile
                + ", so fleet cannot tell where the release's " + ReleaseAsset.BACKEND.fileName() + " is: set $"
                + BACKEND_ENV + " to its URL, with " + PLACEHOLDER + " for the release, "
                + ReleaseAsset.BACKEND.alternative());
    }

    private static String rule(ReleaseAsset asset) {
        return "must be an http(s) URL of " + asset.fileName() + " with " + PLACEHOLDER + " for the release, e.g. "
                + RELEASES + asset.fileName();
    }

    public URI forVersion(OpenemsVersion version) {
        return URI.create(template.replace(PLACEHOLDER, version.toString()));
    }

    private static boolean isValid(String template) {
        if (template == null || template.isBlank()) {
            return false;
        }
        try {
            URI example = new URI(template.replace(PLACEHOLDER, OpenemsVersion.TESTED));
            String scheme = example.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && example.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
