package fleet.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every command that touches a work dir shares. */
public final class CommonOptions {

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "fleet-work",
            description = "Where fleet keeps edges, logs, the embedded database and its lock (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--verbose", description = "Show stack traces and debug output.")
    boolean verbose;

    public Path workDir() {
        return workDir.toAbsolutePath().normalize();
    }

    public boolean verbose() {
        return verbose;
    }
}
