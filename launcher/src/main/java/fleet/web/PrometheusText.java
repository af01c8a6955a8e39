package fleet.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import fleet.state.EdgeEnergy;
import fleet.state.EdgeHealth;
import fleet.state.EdgeStatus;
import fleet.state.FrameworkState;

/**
 * {@code GET /metrics} in the Prometheus text exposition format 0.0.4. Fleet-wide gauges and
 * counters, and per edge a few series (state, online, healthy and the figures OpenEMS reports), so
 * that a scrape of 500 edges stays a few thousand lines.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(4096);

    private PrometheusText() {
    }

    static String render(FleetSampler.Sample sample, Instant startedAt, List<EdgeStatus> edges) {
        PrometheusText out = new PrometheusText();
        out.family("fleet_edges", "gauge", "Edges by framework state.");
        for (FrameworkState state : FrameworkState.values()) {
            out.sample("fleet_edges", "state", lower(state), sample.count(state));
        }
        out.single("fleet_edges_online", "gauge",
                "Edges online: framework active, the edge says connected, the backend side confirms it.",
                sample.online());
        out.single("fleet_edges_healthy", "gauge",
                "Edges online and healthy as OpenEMS itself says: _sum State Ok, every configured component"
                        + " active, EdgeConfig complete.",
                sample.healthy());
        out.single("fleet_backend_messages_per_second", "gauge",
                "Messages per second the backend side received from all edges (built-in receiver only), over"
                        + " the last 5 s.",
                sample.messagesPerSecond());
        out.single("fleet_backend_messages_received_total", "counter",
                "Messages the backend side received from the fleet's edges since the dashboard started"
                        + " (built-in receiver only).",
                sample.messagesTotal());
        out.single("fleet_uptime_seconds", "gauge", "Seconds since the fleet started.",
                Duration.between(startedAt, sample.at()).toMillis() / 1000.0);

        JvmFigures jvm = sample.jvm();
        out.family("fleet_jvm_memory_used_bytes", "gauge", "JVM memory in use by area.");
        out.sample("fleet_jvm_memory_used_bytes", "area", "heap", jvm.heapUsed());
        if (jvm.metaspaceUsed() >= 0) {
            out.sample("fleet_jvm_memory_used_bytes", "area", "metaspace", jvm.metaspaceUsed());
        }
        out.single("fleet_jvm_heap_committed_bytes", "gauge", "Heap the JVM holds from the OS.", jvm.heapCommitted());
        out.single("fleet_jvm_heap_max_bytes", "gauge", "The heap limit (-Xmx).", jvm.heapMax());
        out.single("fleet_jvm_threads", "gauge", "Live threads of the JVM that hosts the fleet.", jvm.threads());
        if (jvm.rss() >= 0) {
            out.single("fleet_process_resident_memory_bytes", "gauge", "Resident set size of the process.", jvm.rss());
        }
        if (jvm.processCpuNanos() >= 0) {
            out.single("fleet_process_cpu_seconds_total", "counter", "CPU time the process has used.",
                    jvm.processCpuNanos() / 1e9);
        }

        out.family("fleet_edge_state", "gauge",
                "1 for each edge, labelled with its framework state (pending, starting, active, stopping,"
                        + " stopped, failed).");
        for (EdgeStatus edge : edges) {
            out.text.append("fleet_edge_state{edge=\"").append(escape(edge.name())).append("\",state=\"")
                    .append(lower(edge.framework())).append("\"} 1\n");
        }
        out.family("fleet_edge_online", "gauge", "1 when the edge is online, else 0.");
        for (EdgeStatus edge : edges) {
            out.sample("fleet_edge_online", "edge", edge.name(), edge.online() ? 1 : 0);
        }
        out.family("fleet_edge_healthy", "gauge", "1 when the edge is online and OpenEMS says it is healthy, else 0.");
        for (EdgeStatus edge : edges) {
            out.sample("fleet_edge_healthy", "edge", edge.name(), edge.healthy() ? 1 : 0);
        }
        out.edgeValues(edges, "fleet_edge_cycle_milliseconds", "_cycle/MeasuredCycleTime: the work of the last cycle.",
                h -> h.cycleMillis());
        out.edgeValues(edges, "fleet_edge_production_watts", "_sum/ProductionActivePower.", h -> h.productionW());
        out.edgeValues(edges, "fleet_edge_consumption_watts", "_sum/ConsumptionActivePower.", h -> h.consumptionW());
        out.edgeValues(edges, "fleet_edge_grid_watts", "_sum/GridActivePower (positive: buy from grid).",
                h -> h.gridW());
        out.edgeValues(edges, "fleet_edge_ess_soc_percent", "_sum/EssSoc.", h -> h.socPercent());
        for (EdgeEnergy.Counter counter : EdgeEnergy.COUNTERS) {
            out.edgeSeries(edges, "fleet_edge_" + snake(counter.name()).replace("_wh", "_watthours") + "_total",
                    "counter", counter.channel() + ", as OpenEMS counts it (Wh).",
                    h -> counter.value().apply(h.energy()));
        }
        return out.text.toString();
    }

    /** One series per edge that has the value; edges without it are left out, as Prometheus expects. */
    private void edgeValues(List<EdgeStatus> edges, String name, String help,
            java.util.function.Function<EdgeHealth, ? extends Number> value) {
        edgeSeries(edges, name, "gauge", help, value);
    }

    private void edgeSeries(List<EdgeStatus> edges, String name, String type, String help,
            java.util.function.Function<EdgeHealth, ? extends Number> value) {
        family(name, type, help);
        for (EdgeStatus edge : edges) {
            Number v = value.apply(edge.health());
            if (v != null) {
                sample(name, "edge", edge.name(), v.doubleValue());
            }
        }
    }

    /** productionWh → production_wh. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private void family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void single(String name, String type, String help, double value) {
        family(name, type, help);
        text.append(name).append(' ').append(number(value)).append('\n');
    }

    private void sample(String name, String label, String labelValue, double value) {
        text.append(name).append('{').append(label).append("=\"").append(escape(labelValue)).append("\"} ")
                .append(number(value)).append('\n');
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String lower(FrameworkState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
