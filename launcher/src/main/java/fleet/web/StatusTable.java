package fleet.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * {@code fleet status}'s text: a summary line and one row per edge, coloured (ANSI) only for a
 * terminal. Reads the JSON API's documents, nothing else.
 */
public final class StatusTable {

    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String[] HEADER = {"EDGE", "STATE", "BUNDLES", "COMPONENTS a/u/f", "EDGE SAYS", "BACKEND",
        "OPENEMS", "CYCLE", "LAST DATA", "REST", "WS", "WHY NOT HEALTHY"};
    private static final int BACKEND_COLUMN = 5;
    private static final int OPENEMS_COLUMN = 6;
    /** With --wide, before the last column: the household and what the edge itself counted. */
    private static final String[] WIDE = {"HOUSEHOLD", "PRODUCED", "CONSUMED", "GRID BUY/SELL"};

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    /** One per fleet (shard); their edges make one table. */
    private final List<DashboardClient.Snapshot> snapshots;
    private final boolean colours;
    private final boolean wide;
    private final String[] header;

    public StatusTable(DashboardClient.Snapshot snapshot, boolean colours) {
        this(snapshot, colours, false);
    }

    public StatusTable(DashboardClient.Snapshot snapshot, boolean colours, boolean wide) {
        this(List.of(snapshot), colours, wide);
    }

    public StatusTable(List<DashboardClient.Snapshot> snapshots, boolean colours, boolean wide) {
        this.snapshots = List.copyOf(snapshots);
        this.colours = colours;
        this.wide = wide;
        this.header = wide ? widened(HEADER, WIDE) : HEADER;
    }

    private static String[] widened(String[] row, String[] extra) {
        String[] all = java.util.Arrays.copyOf(row, row.length + extra.length);
        System.arraycopy(extra, 0, all, row.length - 1, extra.length);
        all[all.length - 1] = row[row.length - 1];
        return all;
    }

    /** True when every edge is online and healthy as OpenEMS says (and there is at least one). */
    public boolean healthy() {
        int total = 0;
        for (JsonObject edge : allEdges()) {
            total++;
            if (!edge.get("online").getAsBoolean() || !edge.get("healthy").getAsBoolean()) {
                return false;
            }
        }
        return total > 0;
    }

    /** The names of the edges, in the table's order. */
    public List<String> edgeNames() {
        List<String> names = new ArrayList<>();
        for (JsonObject edge : allEdges()) {
            names.add(edge.get("name").getAsString());
        }
        return names;
    }

    /** Every fleet's edges, by index: shards hold disjoint ranges. */
    private List<JsonObject> allEdges() {
        List<JsonObject> edges = new ArrayList<>();
        for (DashboardClient.Snapshot snapshot : snapshots) {
            snapshot.edges().getAsJsonArray("edges").forEach(e -> edges.add(e.getAsJsonObject()));
        }
        edges.sort(java.util.Comparator.comparingInt(e -> e.get("index").getAsInt()));
        return edges;
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        Instant now = Instant.EPOCH;
        for (DashboardClient.Snapshot snapshot : snapshots) {
            lines.addAll(summary(snapshot));
            Instant at = Instant.parse(snapshot.edges().get("now").getAsString());
            now = at.isAfter(now) ? at : now;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (JsonObject edge : allEdges()) {
            String[] row = row(edge, now);
            rows.add(wide ? widened(row, wideCells(edge)) : row);
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String padded = i == row.length - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2);
                line.append(row == header ? padded : colour(i == row.length - 1 ? -1 : i, cell, padded));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The fleet's line, and one per process of the OpenEMS Backend it runs. */
    private static List<String> summary(DashboardClient.Snapshot snapshot) {
        JsonObject fleet = snapshot.fleet();
        JsonObject counts = fleet.getAsJsonObject("edges");
        List<String> lines = new ArrayList<>();
        lines.add("fleet at " + snapshot.base() + ": " + counts.get("total").getAsInt() + " edges, "
                + counts.get("running").getAsInt() + " running, " + counts.get("online").getAsInt() + " online, "
                + counts.get("healthy").getAsInt() + " healthy, " + counts.get("failed").getAsInt() + " failed; up "
                + human(fleet.get("uptimeSeconds").getAsLong()) + "; backend: " + fleet.get("backend").getAsString());
        if (fleet.has("backendProcesses")) {
            for (JsonElement element : fleet.getAsJsonArray("backendProcesses")) {
                JsonObject p = element.getAsJsonObject();
                lines.add("  " + p.get("name").getAsString() + ": " + p.get("state").getAsString().toLowerCase()
                        + (p.get("pid").getAsLong() > 0 ? ", pid " + p.get("pid").getAsLong() : "") + ", port "
                        + p.get("port").getAsInt() + (p.get("uptimeSeconds").isJsonNull() ? ""
                                : ", up " + human(p.get("uptimeSeconds").getAsLong())) + "; log: " + snapshot.base()
                                        .resolve(p.get("log").getAsString()));
            }
        }
        return lines;
    }

    private static String[] row(JsonObject edge, Instant now) {
        JsonObject bundles = edge.getAsJsonObject("bundles");
        JsonObject components = edge.getAsJsonObject("components");
        JsonObject backend = edge.getAsJsonObject("backend");
        JsonObject ports = edge.getAsJsonObject("ports");
        JsonObject health = edge.getAsJsonObject("health");
        boolean active = "ACTIVE".equals(edge.get("state").getAsString());
        String why = "";
        if (edge.get("online").getAsBoolean()) {
            why = health.get("problem").getAsString();
        } else {
            why = !edge.get("failure").getAsString().isEmpty() ? edge.get("failure").getAsString()
                    : !active ? "framework " + edge.get("state").getAsString().toLowerCase()
                    : !"CONNECTED".equals(edge.get("edgeConnection").getAsString())
                            ? "the edge says " + edge.get("edgeConnection").getAsString().toLowerCase()
                            : backend.get("reason").getAsString();
        }
        if (!backend.get("cutUntil").isJsonNull()) {
            why = "backend cut by fleet until " + TIME.format(Instant.parse(backend.get("cutUntil").getAsString()))
                    + " (fault injection)";
        }
        return new String[] {
            edge.get("name").getAsString(),
            edge.get("state").getAsString(),
            bundles.get("total").getAsInt() == 0 ? "-"
                    : bundles.get("active").getAsInt() + "/" + bundles.get("total").getAsInt(),
            active ? components.get("active").getAsInt() + "/" + components.get("unsatisfied").getAsInt() + "/"
                    + components.get("failed").getAsInt() : "-",
            edge.get("edgeConnection").getAsString().toLowerCase(),
            backend.get("state").getAsString().toLowerCase(),
            !active || health.get("state").isJsonNull() ? "-" : health.get("state").getAsString().toLowerCase(),
            !active || health.get("cycleMillis").isJsonNull() ? "-" : health.get("cycleMillis").getAsInt() + " ms",
            backend.get("lastMessage").isJsonNull() ? "-"
                    : human(Duration.between(Instant.parse(backend.get("lastMessage").getAsString()), now)
                            .toSeconds()) + " ago",
            port(ports.get("rest").getAsInt()),
            port(ports.get("websocket").getAsInt()),
            why};
    }

    private static String[] wideCells(JsonObject edge) {
        JsonElement household = edge.get("household");
        JsonObject energy = edge.getAsJsonObject("health").getAsJsonObject("energy");
        return new String[] {
            household == null || household.isJsonNull() ? "-" : household.getAsJsonObject().get("summary").getAsString(),
            kwh(energy, "productionWh"),
            kwh(energy, "consumptionWh"),
            kwh(energy, "gridBuyWh") + " / " + kwh(energy, "gridSellWh")};
    }

    private static String kwh(JsonObject energy, String counter) {
        JsonElement wh = energy == null ? null : energy.get(counter);
        return wh == null || wh.isJsonNull() ? "-"
                : String.format(java.util.Locale.ROOT, "%.1f kWh", wh.getAsLong() / 1000.0);
    }

    private String colour(int column, String cell, String padded) {
        if (!colours) {
            return padded;
        }
        String code = switch (column) {
            case 1 -> cell.equals("ACTIVE") ? GREEN : cell.equals("FAILED") ? RED : YELLOW;
            case BACKEND_COLUMN -> cell.equals("online") ? GREEN : cell.equals("refused") ? RED : YELLOW;
            case OPENEMS_COLUMN -> cell.equals("ok") ? GREEN : cell.equals("fault") ? RED : YELLOW;
            case -1 -> cell.isEmpty() ? null : RED; // the last column: why not healthy
            default -> null;
        };
        return code == null ? padded : code + cell + RESET + padded.substring(cell.length());
    }

    private static String port(int port) {
        return port == 0 ? "-" : Integer.toString(port);
    }

    static String human(long seconds) {
        seconds = Math.max(0, seconds);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d";
    }
}
