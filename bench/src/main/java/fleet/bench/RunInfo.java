package fleet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The circumstances of a bench run, printed above the table: figures taken on a busy machine or
 * with other JVM flags are not comparable, so they say so themselves.
 */
record RunInfo(String startedAt, int cores, long memTotalKib, String javaVersion, String edgeAppName, long edgeAppBytes,
        String edgeAppSha256, String fleetRevision, String fleetArgs, String fleetJvmOpts, double[] loadAtStart,
        BenchOptions options) {

    static RunInfo capture(BenchOptions options) {
        Path app = options.edgeApp();
        long size;
        try {
            size = Files.isRegularFile(app) ? Files.size(app) : 0;
        } catch (IOException e) {
            size = 0;
        }
        String jvmOpts = System.getenv("FLEET_JVM_OPTS");
        return new RunInfo(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(), ProcFs.memTotalKib(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), app.getFileName().toString(), size,
                sha256(app), fleetRevision(options.fleetJar()), String.join(" ", options.fleetArgs().args()),
                jvmOpts == null ? "" : jvmOpts.trim(),
                ProcFs.loadAverage(), options);
    }

    /** fleet.jar's build time, and the commit scripts/bench found its sources at. */
    private static String fleetRevision(Path fleetJar) {
        String built;
        try {
            built = LocalDateTime.ofInstant(Files.getLastModifiedTime(fleetJar).toInstant(), java.time.ZoneId.systemDefault())
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        } catch (IOException e) {
            built = "?";
        }
        return "built " + built + ", sources at " + System.getProperty("bench.revision", "an unknown commit");
    }

    private static String sha256(Path file) {
        if (!Files.isRegularFile(file)) {
            return "(directory)";
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "?";
        }
    }
}
