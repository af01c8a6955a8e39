package fleet.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.config.ApikeyFile;
import fleet.console.Console;
import fleet.plan.DatabaseSettings;
import fleet.plan.EdgeRange;
import fleet.registry.Registration;
import fleet.registry.Registry;
import fleet.workdir.WorkDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Registers edge<I>..edge<I+N-1> in Odoo's openems_device table (the embedded PostgreSQL of the"
                + " work dir unless --db) and prints name,apikey of each. Existing devices keep their apikey."})
public final class RegisterCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    EdgeRangeOptions edges;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the name,apikey lines to this CSV file (mode 0600) instead of printing them.")
    Path out;

    @Override
    public Integer call() {
        EdgeRange range = edges.toRange();
        DatabaseSettings settings = database.toSettings();
        // stdout carries the CSV, so that `fleet register > apikeys.csv` works; fleet's lines go to stderr.
        Console console = Console.stderr();
        try (Registry registry = Registry.open(settings, new WorkDir(common.workDir()), console)) {
            Registration registration = registry.register(range, settings.rotateApikeys());
            if (out != null) {
                write(out, registration);
            } else {
                Console.stdout().plain(ApikeyFile.HEADER);
                registration.apikeys().forEach((name, apikey) -> Console.stdout().plain(name + "," + apikey));
            }
            console.info(summary(range, registration) + " in " + registry.describe()
                    + (out == null ? "" : "; apikeys in " + out.toAbsolutePath().normalize()));
            if (!registration.foreign().isEmpty()) {
                console.info("not created by fleet, used with their own apikeys and left unchanged: "
                        + names(registration.foreign()));
            }
            registration.backendHint().ifPresent(console::info);
        }
        return ExitCode.OK.code();
    }

    /** E.g. "registered edge0..edge9 (2 new, 8 kept their apikey)". */
    static String summary(EdgeRange range, Registration registration) {
        List<String> counts = new ArrayList<>();
        counts.add(registration.created().size() + " new");
        if (!registration.rotated().isEmpty()) {
            counts.add(registration.rotated().size() + " with a new apikey");
        }
        if (registration.kept() > 0) {
            counts.add(registration.kept() + " kept their apikey");
        }
        return "registered " + span(range) + " (" + String.join(", ", counts) + ")";
    }

    static String span(EdgeRange range) {
        return range.count() == 1 ? EdgeRange.nameOf(range.first())
                : EdgeRange.nameOf(range.first()) + ".." + EdgeRange.nameOf(range.last());
    }

    /** At most ten names, then how many more. */
    static String names(Collection<String> names) {
        List<String> shown = names.stream().limit(10).toList();
        return String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size())
                + " more" : "");
    }

    /** The same file as fleet generate's apikeys.csv: mode 0600, written atomically. */
    private static void write(Path out, Registration registration) {
        try {
            ApikeyFile.write(out, registration.apikeys());
        } catch (UncheckedIOException e) {
            throw FleetException.failure("--out " + out + ": " + e.getMessage() + " — the edges are registered:"
                    + " run the command again to get their apikeys", e);
        }
    }
}
