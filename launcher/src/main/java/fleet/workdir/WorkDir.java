package fleet.workdir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import fleet.FleetException;

/**
 * The layout of a fleet's work dir. Everything fleet writes lives here, nothing outside it:
 *
 * <pre>
 * &lt;work-dir&gt;/
 *   fleet.lock            held by the running fleet (pid, dashboard URL)
 *   fleet-seed            makes rendering reproducible: same PIDs and ports on every run
 *   logs/                 fleet's own log; what frameworks print outside an edge
 *   jvm/                  working directory of the JVM that hosts the frameworks (OpenEMS cleans it up)
 *   postgres/             the embedded PostgreSQL, kept across runs
 *   app-cache/&lt;sha256&gt;/  bundles of an edge application, extracted once, shared by every edge
 *   edges/edge&lt;i&gt;/{config.d,data,cache,logs,load}
 * </pre>
 */
public record WorkDir(Path root) {

    public WorkDir {
        root = root.toAbsolutePath().normalize();
    }

    public Path lockFile() {
        return root.resolve("fleet.lock");
    }

    public Path seedFile() {
        return root.resolve("fleet-seed");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Path jvmDir() {
        return root.resolve("jvm");
    }

    public Path postgresDir() {
        return root.resolve("postgres");
    }

    public Path appCacheDir() {
        return root.resolve("app-cache");
    }

    /** Every edge's household of the latest run, one CSV line per edge. */
    public Path householdsFile() {
        return root.resolve("households.csv");
    }

    public EdgeDirs edge(String name) {
        return new EdgeDirs(root.resolve("edges").resolve(name));
    }

    /** Creates the root and the shared directories, with a message that names the directory on failure. */
    public WorkDir create() {
        for (Path dir : new Path[] {root, logsDir(), jvmDir()}) {
            createDirectories(dir);
        }
        return this;
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw FleetException.failure("cannot create directory " + dir + ": " + e.getMessage()
                    + " — choose another --work-dir or fix its permissions", e);
        }
    }

    /** One edge's directories. */
    public record EdgeDirs(Path root) {

        public Path configDir() {
            return root.resolve("config.d");
        }

        public Path dataDir() {
            return root.resolve("data");
        }

        /** Felix framework storage. */
        public Path cacheDir() {
            return root.resolve("cache");
        }

        public Path logsDir() {
            return root.resolve("logs");
        }

        /** The passwords of the edge's OpenEMS users (mode 0600), see {@link EdgeCredentials}. */
        public Path credentialsFile() {
            return root.resolve("credentials.properties");
        }

        /** FileInstall's watched directory (empty unless the user drops bundles or configs there). */
        /** The household fleet rendered into this edge ({@code --vary}, {@code --profile}), as JSON. */
        public Path householdFile() {
            return root.resolve("household.json");
        }

        /** OpenEMS's energy counters of this edge, sampled by fleet once a minute (CSV). */
        public Path energyFile() {
            return root.resolve("energy.csv");
        }

        public Path loadDir() {
            return root.resolve("load");
        }

        public EdgeDirs create() {
            for (Path dir : new Path[] {root, configDir(), dataDir(), cacheDir(), logsDir(), loadDir()}) {
                createDirectories(dir);
            }
            return this;
        }
    }
}
