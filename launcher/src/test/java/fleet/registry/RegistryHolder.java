package fleet.registry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.workdir.WorkDir;

/**
 * A second fleet process for tests: opens the embedded registry of a work dir, prints
 * "open &lt;description&gt;", holds it until a line (or the end) arrives on stdin, then closes it.
 */
public final class RegistryHolder {

    private RegistryHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Registry registry = Registry.open(DatabaseSettings.EMBEDDED, new WorkDir(Path.of(args[0])), Console.stderr())) {
            System.out.println("open " + registry.describe());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("closed");
    }

    /** Starts a holder in its own JVM and returns once it has the registry open. */
    static Process start(Path workDir) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegistryHolder.class.getName(), workDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (first == null || !first.startsWith("open ")) {
            process.destroyForcibly();
            throw new AssertionError("the holder process did not open the registry: " + first);
        }
        return process;
    }
}
