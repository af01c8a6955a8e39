package fleet.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;
import fleet.report.EnergyLog;
import fleet.report.EnergyReport;
import fleet.workdir.WorkDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reports from what a fleet's edges recorded in --work-dir (while it runs or after)."},
        subcommands = {ReportCommand.Energy.class})
public final class ReportCommand {

    @Command(name = "energy", mixinStandardHelpOptions = true,
            description = {"Prints CSV: per edge the energy OpenEMS counted between --from and --to (Wh; _sum"
                    + " production, consumption, grid buy/sell, battery charge/discharge), from the samples fleet takes"
                    + " every minute (edges/<edge>/energy.csv). from/to are the first and last sample in the window."})
    static final class Energy implements Callable<Integer> {

        @Mixin
        CommonOptions common;

        @Option(names = "--from", paramLabel = "TIME",
                description = "Start: 2026-12-07T10:00 (this machine's time zone), 2026-12-07T09:00:00Z or 2026-12-07"
                        + " (default: the first sample).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "End, written like --from (default: the last sample).")
        String to;

        @Override
        public Integer call() {
            Optional<Instant> start = Optional.ofNullable(from).map(t -> time("--from", t));
            Optional<Instant> end = Optional.ofNullable(to).map(t -> time("--to", t));
            if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
                throw FleetException.badInput("--to " + to + " is before --from " + from + ": swap them");
            }
            WorkDir workDir = new WorkDir(common.workDir());
            List<EnergyReport.Row> rows = EnergyReport.of(workDir, start, end);
            if (rows.isEmpty()) {
                throw FleetException.badInput("no energy samples in " + workDir.root().resolve("edges")
                        + (start.isPresent() || end.isPresent() ? " between " + start.map(Object::toString).orElse("the"
                                + " first") + " and " + end.map(Object::toString).orElse("the last") : "")
                        + ": fleet samples every running edge's counters every " + EnergyLog.EVERY.toMinutes()
                        + " minute(s); pass the --work-dir of a fleet that ran, or widen the window");
            }
            Console out = Console.stdout();
            out.plain(EnergyReport.header());
            rows.forEach(row -> out.plain(EnergyReport.csv(row)));
            return ExitCode.OK.code();
        }

        static Instant time(String option, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException notLocal) {
                    try {
                        return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
                    } catch (DateTimeParseException notDate) {
                        throw FleetException.badInput(option + " " + text + ": must be a time like 2026-12-07T10:00"
                                + " (this machine's zone), 2026-12-07T09:00:00Z or a date like 2026-12-07");
                    }
                }
            }
        }
    }
}
