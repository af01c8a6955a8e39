import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of fleet's hosting JVM (scripts/profile) and prints where the CPU went:
 * by cause — the first fleet or OpenEMS method up the stack from the sampled frame, i.e. the code
 * that started the work, whether it ran in OpenEMS, Felix, a library or the JDK —, by thread group,
 * by leaf frame, plus exceptions thrown per second and the process CPU over the window.
 * Run with the JDK's source launcher: java scripts/ProfileReport.java FILE.jfr [TOP]
 */
public final class ProfileReport {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        boolean cpuTime = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"));
        String sampleEvent = cpuTime ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        Map<String, Integer> byCause = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byLeaf = new HashMap<>();
        int samples = 0;
        double cpuSum = 0;
        int cpuPoints = 0;
        long throwables = -1;
        long firstThrowables = -1;
        Instant firstThrowablesAt = null;
        Instant throwablesAt = null;
        Instant first = null;
        Instant last = null;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (first == null || event.getStartTime().isBefore(first)) {
                first = event.getStartTime();
            }
            if (last == null || event.getEndTime().isAfter(last)) {
                last = event.getEndTime();
            }
            if (type.equals("jdk.CPULoad")) {
                cpuSum += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                cpuPoints++;
            } else if (type.equals("jdk.ExceptionStatistics")) {
                long count = event.getLong("throwables");
                if (firstThrowablesAt == null || event.getStartTime().isBefore(firstThrowablesAt)) {
                    firstThrowables = count;
                    firstThrowablesAt = event.getStartTime();
                }
                if (throwablesAt == null || event.getStartTime().isAfter(throwablesAt)) {
                    throwables = count;
                    throwablesAt = event.getStartTime();
                }
            } else if (type.equals(sampleEvent)) {
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                byLeaf.merge(method(frames.get(0)), 1, Integer::sum);
                byCause.merge(cause(frames), 1, Integer::sum);
                RecordedThread thread = event.getThread(cpuTime ? "eventThread" : "sampledThread");
                byThread.merge(group(thread == null ? "?" : thread.getJavaName()), 1, Integer::sum);
            }
        }
        Duration window = first == null ? Duration.ZERO : Duration.between(first, last);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("%s: %d samples (%s) over %d s%n", file.getFileName(), samples, sampleEvent,
                window.toSeconds());
        if (cpuPoints > 0) {
            System.out.printf("process CPU (JVM user+system): %.0f %% of one core on average (%d cores)%n",
                    100.0 * cores * cpuSum / cpuPoints, cores);
        }
        if (throwablesAt != null && throwablesAt.isAfter(firstThrowablesAt)) {
            System.out.printf("throwables created: %.0f per second (exceptions and errors, thrown or not)%n",
                    (throwables - firstThrowables) / (Duration.between(firstThrowablesAt, throwablesAt).toMillis()
                            / 1000.0));
        }
        print("Java CPU by cause (first fleet or OpenEMS method up the stack)", byCause, samples, top);
        print("Java CPU by thread", byThread, samples, top);
        print("Java CPU by leaf frame", byLeaf, samples, top);
    }

    /** The nearest frame from the leaf that belongs to fleet or OpenEMS; else the outermost frame. */
    static String cause(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.openems.") || type.startsWith("fleet.")) {
                return method(frame);
            }
        }
        return "(no fleet or OpenEMS frame) " + method(frames.get(frames.size() - 1));
    }

    static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + " ("
                + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    /** Thread names without their numbers, so that 50 edges' _cycle threads count as one. */
    static String group(String name) {
        return name.replaceAll("[-_ #]?\\d+$", "").replaceAll("\\d+", "N");
    }

    static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getKey()));
    }
}
