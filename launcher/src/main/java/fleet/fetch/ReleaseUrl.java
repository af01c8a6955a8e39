package fleet.fetch;

import java.net.URI;
import java.net.URISyntaxException;

import fleet.FleetException;

/**
 * Where a release's openems-edge.jar is downloaded from: a URL in which {@code {version}} stands for
 * the release, e.g. OpenEMS's GitHub release assets (the default) or a mirror inside a company.
 *
 * @param template an absolute http(s) URL once the version is filled in, usually with {@value #PLACEHOLDER}
 */
public record ReleaseUrl(String template) {

    public static final String PLACEHOLDER = "{version}";
    /** OpenEMS's release workflow attaches openems-edge.jar to every release tag. */
    public static final String DEFAULT =
            "https://github.com/OpenEMS/openems/releases/download/" + PLACEHOLDER + "/openems-edge.jar";
    public static final String ENV = "FLEET_OPENEMS_DOWNLOAD_URL";

    private static final String RULE = "must be an http(s) URL of openems-edge.jar with " + PLACEHOLDER
            + " for the release, e.g. " + DEFAULT;

    public ReleaseUrl {
        if (!isValid(template)) {
            throw new IllegalArgumentException(template + ": " + RULE);
        }
    }

    public static ReleaseUrl defaultUrl() {
        return new ReleaseUrl(DEFAULT);
    }

    /** A template the user gave ({@code setting} names where), checked once. */
    public static ReleaseUrl parse(String setting, String template) {
        String trimmed = template == null ? "" : template.trim();
        if (!isValid(trimmed)) {
            throw FleetException.badInput(setting + " " + template + ": " + RULE);
        }
        return new ReleaseUrl(trimmed);
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
