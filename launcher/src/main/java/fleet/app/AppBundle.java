package fleet.app;

import java.nio.file.Path;

/**
 * One bundle of an edge application, extracted once and installed by reference in every edge.
 *
 * @param symbolicName Bundle-SymbolicName without directives
 * @param version      Bundle-Version ("0.0.0" when absent)
 * @param file         the bundle jar on disk, shared by all edges
 * @param startLevel   start level; 0 = the application's default
 * @param fragment     fragments are installed but never started
 */
public record AppBundle(String symbolicName, String version, Path file, int startLevel, boolean fragment) {

    /** The location every framework installs it under: by reference, so nothing is copied per edge. */
    public String location() {
        return "reference:" + file.toUri();
    }
}
