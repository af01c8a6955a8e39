package fleet.fetch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fleet.FleetException;

/**
 * An OpenEMS release as OpenEMS numbers them: year.month.patch, e.g. {@code 2026.4.0}, which is also
 * the release's git tag and the directory of its download.
 */
public record OpenemsVersion(int major, int minor, int patch) {

    /**
     * The release fleet is tested with: the newest OpenEMS release (tag 2026.4.0, whose release workflow
     * attaches openems-edge.jar) below the develop snapshot, 2026.5.0-SNAPSHOT, that fleet's real-OpenEMS
     * tests run. The one place this version is written; {@code fleet --version} prints it.
     */
    public static final String TESTED = "2026.4.0";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,2})\\.(\\d{1,4})");

    public OpenemsVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version part: " + major + "." + minor + "." + patch);
        }
    }

    public static OpenemsVersion tested() {
        return parse("OpenemsVersion.TESTED", TESTED);
    }

    /** Only digits and dots: the text becomes a directory name in the cache and part of a URL. */
    public static OpenemsVersion parse(String setting, String text) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw FleetException.badInput(setting + " " + text + ": not an OpenEMS release; OpenEMS numbers them"
                    + " year.month.patch like its release tags, e.g. " + TESTED);
        }
        return new OpenemsVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
