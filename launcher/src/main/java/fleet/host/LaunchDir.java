package fleet.host;

import java.nio.file.Path;

/**
 * The directory the user started fleet in. Relative paths on the command line mean paths there,
 * also inside the hosting JVM, whose working directory is fleet's own (see HostJvm): the launcher
 * passes its directory down in {@link #ENV}.
 */
public final class LaunchDir {

    public static final String ENV = "FLEET_LAUNCH_DIR";

    private LaunchDir() {
    }

    public static Path base() {
        String inherited = System.getenv(ENV);
        return (inherited == null || inherited.isBlank() ? Path.of("") : Path.of(inherited)).toAbsolutePath();
    }

    /** A path as the user meant it: relative to the launch directory. */
    public static Path resolve(String path) {
        return base().resolve(path).normalize();
    }
}
