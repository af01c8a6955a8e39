package fleet.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The extra arguments for {@code fleet run} given with {@code --fleet-args "..."}: split like a
 * shell would (whitespace, single and double quotes), checked against the options the harness
 * sets itself, and read for the few values the baseline must share (template, port stride, first
 * index), so that both sides run the same edges.
 */
record FleetArgs(List<String> args) {

    /** Options the harness sets for every run; giving them again would make picocli refuse the run. */
    static final Set<String> SET_BY_BENCH = Set.of("-n", "--edges", "--edge-app", "--work-dir", "--duration",
            "--wait-online", "--port-base", "--dashboard-port");
    /** Options of fleet run whose value is a path: made absolute, since fleet starts in a scratch directory. */
    static final Set<String> PATH_OPTIONS = Set.of("--template", "--db-password-file");

    FleetArgs {
        args = List.copyOf(args);
        for (String arg : args) {
            String name = name(arg);
            if (SET_BY_BENCH.contains(name)) {
                throw BenchException.badInput("--fleet-args: " + name + " is set by the harness for every run; "
                        + (name.equals("--port-base") ? "give --port-base to scripts/bench itself"
                                : name.equals("-n") || name.equals("--edges") ? "use --edges 1,10,50 of scripts/bench"
                                : name.equals("--edge-app") ? "use --edge-app of scripts/bench"
                                : "leave it out"));
            }
        }
        number(args, "--first-index");
        number(args, "--debug-log-edges");
    }

    static FleetArgs parse(String line, Path cwd) {
        List<String> words = split(line);
        List<String> resolved = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String name = name(word);
            if (PATH_OPTIONS.contains(name)) {
                if (word.contains("=")) {
                    resolved.add(name + "=" + cwd.resolve(word.substring(word.indexOf('=') + 1)).toAbsolutePath().normalize());
                    continue;
                }
                if (i + 1 < words.size()) {
                    resolved.add(word);
                    resolved.add(cwd.resolve(words.get(++i)).toAbsolutePath().normalize().toString());
                    continue;
                }
            }
            resolved.add(word);
        }
        return new FleetArgs(resolved);
    }

    /** The value of an option given as {@code --name value} or {@code --name=value}. */
    Optional<String> value(String option) {
        return value(args, option);
    }

    private static Optional<String> value(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(option) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith(option + "=")) {
                return Optional.of(arg.substring(option.length() + 1));
            }
        }
        return Optional.empty();
    }

    boolean has(String option) {
        return args.stream().anyMatch(arg -> name(arg).equals(option));
    }

    int firstIndex() {
        return number(args, "--first-index").orElse(0);
    }

    /** Given: only that many edges log their cycles, so only those can be seen cycling. */
    OptionalInt debugLogEdges() {
        return number(args, "--debug-log-edges");
    }

    private static OptionalInt number(List<String> args, String option) {
        Optional<String> text = value(args, option);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            throw BenchException.badInput("--fleet-args: " + option + " " + text.get() + " is not a number");
        }
    }

    private static String name(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("-") && eq > 0 ? arg.substring(0, eq) : arg;
    }

    /** Splits at whitespace outside quotes; quotes group and are removed. No escapes, no variables. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw BenchException.badInput("--fleet-args: unclosed " + quote + " in: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
