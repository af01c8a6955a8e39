package fleet.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import fleet.state.EdgeStatus;
import fleet.state.EdgePorts;

/**
 * What {@code --wait-online} found: every edge's status at the end, and for each edge that was not
 * online the reason seen. FleetRun prints {@link #summaryLines()} on success, {@link #failureLines()}
 * otherwise (and exits with 3).
 *
 * @param allOnline  every edge was online at the end
 * @param waited     how long the wait took
 * @param edges      every edge's status at the end, ordered by index
 * @param notOnline  the edges that were not online, ordered by index
 * @param advice     what to do about the reasons seen, one sentence each; empty when online
 */
public record OnlineReport(boolean allOnline, Duration waited, List<EdgeStatus> edges, List<NotOnline> notOnline,
        List<String> advice) {

    /** Edges listed one by one in {@link #failureLines()}; the rest are counted per reason. */
    static final int LISTED = 50;

    public OnlineReport {
        edges = List.copyOf(edges);
        notOnline = List.copyOf(notOnline);
        advice = List.copyOf(advice);
    }

    /** The table of online edges: edge, apikey prefix, online since, REST and websocket ports. */
    public List<String> summaryLines() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "EDGE", "APIKEY", "ONLINE SINCE", "REST", "WEBSOCKET" });
        for (EdgeStatus edge : edges) {
            if (edge.healthy()) {
                EdgePorts ports = edge.ports();
                rows.add(new String[] { edge.name(), edge.apikeyPrefix() + "…", Clock.time(edge.onlineSince()),
                        port(ports.rest()), port(ports.websocket()) });
            }
        }
        List<String> lines = table(rows);
        long online = rows.size() - 1;
        lines.add(online + " of " + edges.size() + " edges online and healthy after " + seconds(waited));
        return lines;
    }

    /** One line per edge that was not online (the first 50; the rest counted per reason), then what to do. */
    public List<String> failureLines() {
        List<String> lines = new ArrayList<>();
        lines.add(notOnline.size() + " of " + edges.size() + " edges not online and healthy after " + seconds(waited)
                + ":");
        Map<NotOnline.Reason, Integer> unlisted = new EnumMap<>(NotOnline.Reason.class);
        for (int i = 0; i < notOnline.size(); i++) {
            NotOnline edge = notOnline.get(i);
            if (i < LISTED) {
                lines.add("  " + edge.line());
            } else {
                unlisted.merge(edge.reason(), 1, Integer::sum);
            }
        }
        unlisted.forEach((reason, count) -> lines.add("  and " + count + " more: " + reason.label()));
        advice.forEach(sentence -> lines.add("What to do: " + sentence));
        return lines;
    }

    private static List<String> table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String port(int port) {
        return port == 0 ? "-" : Integer.toString(port);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
