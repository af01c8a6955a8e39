package fleet.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import fleet.state.BackendSide;
import fleet.household.Household;
import fleet.state.BackendProcessStatus;
import fleet.state.EdgeEnergy;
import fleet.state.EdgeHealth;
import fleet.state.EdgeStatus;
import fleet.state.FleetInfo;
import fleet.state.FrameworkState;

/**
 * The JSON API's documents (README, "JSON API"): times as ISO-8601 UTC strings or null, sizes in
 * bytes, enums by name. One place, so that the page, {@code fleet status} and scripts read the
 * same field names.
 */
final class ApiJson {

    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private ApiJson() {
    }

    static JsonObject edge(EdgeStatus edge, Instant now) {
        JsonObject json = new JsonObject();
        json.addProperty("name", edge.name());
        json.addProperty("index", edge.index());
        json.addProperty("apikeyPrefix", edge.apikeyPrefix());
        json.addProperty("state", edge.framework().name());
        json.add("stateSince", time(edge.stateSince()));
        json.addProperty("failure", edge.failure());
        json.addProperty("online", edge.online());
        json.add("onlineSince", time(edge.onlineSince()));
        json.addProperty("healthy", edge.healthy());
        json.add("health", health(edge.health()));

        JsonObject bundles = new JsonObject();
        bundles.addProperty("active", edge.bundlesActive());
        bundles.addProperty("total", edge.bundlesTotal());
        json.add("bundles", bundles);

        JsonObject components = new JsonObject();
        components.addProperty("active", edge.components().active());
        components.addProperty("unsatisfied", edge.components().unsatisfied());
        components.addProperty("failed", edge.components().failed());
        json.add("components", components);

        json.addProperty("edgeConnection", edge.edgeConnection().name());
        json.add("lastCycle", time(edge.lastCycle()));

        BackendSide side = edge.backend();
        JsonObject backend = new JsonObject();
        backend.addProperty("state", side.state().name());
        backend.addProperty("reason", side.reason());
        backend.add("connectedSince", time(side.connectedSince()));
        backend.addProperty("messages", side.messages());
        backend.addProperty("dataPoints", side.dataPoints());
        backend.addProperty("bytes", side.bytes());
        backend.add("lastMessage", time(side.lastMessage()));
        backend.add("version", side.version() == null ? JsonNull.INSTANCE : new JsonPrimitive(side.version()));
        backend.add("cutUntil", edge.backendCut(now) ? time(edge.backendCutUntil()) : JsonNull.INSTANCE);
        JsonArray configIds = new JsonArray();
        side.edgeConfigIds().forEach(configIds::add);
        backend.add("edgeConfigComponents", configIds);
        json.add("backend", backend);

        JsonObject ports = new JsonObject();
        ports.addProperty("rest", edge.ports().rest());
        ports.addProperty("websocket", edge.ports().websocket());
        ports.addProperty("modbus", edge.ports().modbus());
        ports.addProperty("http", edge.ports().http());
        json.add("ports", ports);
        json.add("household", household(edge.household()));
        json.addProperty("log", "/api/edges/" + edge.name() + "/log?lines=200");
        return json;
    }

    /** OpenEMS's own view of the edge (README, "Health"). */
    static JsonObject health(EdgeHealth health) {
        JsonObject json = new JsonObject();
        json.add("state", health.state() == null ? JsonNull.INSTANCE : new JsonPrimitive(health.state()));
        json.addProperty("problem", health.problem());
        JsonArray messages = new JsonArray();
        health.messages().forEach(messages::add);
        json.add("messages", messages);
        JsonObject notActivated = new JsonObject();
        new java.util.TreeMap<>(health.notActivated()).forEach(notActivated::addProperty);
        json.add("notActivated", notActivated);
        json.addProperty("edgeConfig", health.edgeConfig().name());
        JsonArray missing = new JsonArray();
        health.missing().forEach(missing::add);
        json.add("edgeConfigMissing", missing);
        json.add("cycleMillis", number(health.cycleMillis()));
        json.add("productionW", number(health.productionW()));
        json.add("consumptionW", number(health.consumptionW()));
        json.add("gridW", number(health.gridW()));
        json.add("socPercent", number(health.socPercent()));
        json.addProperty("healed", health.healed());
        JsonObject energy = new JsonObject();
        for (EdgeEnergy.Counter counter : EdgeEnergy.COUNTERS) {
            Long value = counter.value().apply(health.energy());
            energy.add(counter.name(), value == null ? JsonNull.INSTANCE : new JsonPrimitive(value));
        }
        json.add("energy", energy);
        return json;
    }

    /** What /healthz and /readyz answer: a status and how many edges have started. */
    static JsonObject probe(String status, List<EdgeStatus> edges) {
        JsonObject json = new JsonObject();
        json.addProperty("status", status);
        json.addProperty("edges", edges.size());
        json.addProperty("started", edges.stream().filter(e -> e.framework() == FrameworkState.ACTIVE).count());
        return json;
    }

    /** The household fleet rendered into the edge; null for a user's template. */
    static JsonElement household(Household household) {
        if (household == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject json = new JsonObject();
        json.addProperty("pvPeakW", household.pvPeakW());
        json.addProperty("consumptionKwhPerYear", household.consumptionKwh());
        json.addProperty("batteryWh", household.batteryWh());
        json.addProperty("offsetMinutes", household.offsetMinutes());
        json.addProperty("summary", household.summary());
        return json;
    }

    private static JsonElement number(Integer value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    static JsonObject edges(List<EdgeStatus> edges, Instant now) {
        JsonArray array = new JsonArray(edges.size());
        for (EdgeStatus edge : edges) {
            array.add(edge(edge, now));
        }
        JsonObject json = new JsonObject();
        json.add("now", time(now));
        json.add("edges", array);
        return json;
    }

    static JsonObject fleet(FleetInfo info, Instant startedAt, FleetSampler.Sample sample) {
        return fleet(info, startedAt, sample, List.of());
    }

    static JsonObject fleet(FleetInfo info, Instant startedAt, FleetSampler.Sample sample,
            List<BackendProcessStatus> backendProcesses) {
        JsonObject json = new JsonObject();
        json.add("now", time(sample.at()));
        json.add("startedAt", time(startedAt));
        json.addProperty("uptimeSeconds", Duration.between(startedAt, sample.at()).toSeconds());
        json.addProperty("backend", info.backendLabel());
        json.addProperty("dashboard", info.dashboardUrl());
        json.addProperty("edgeApp", info.edgeApp());
        json.addProperty("workDir", info.workDir());
        JsonArray processes = new JsonArray();
        for (BackendProcessStatus p : backendProcesses) {
            JsonObject process = new JsonObject();
            process.addProperty("name", p.name());
            process.addProperty("state", p.state());
            process.addProperty("pid", p.pid());
            process.addProperty("port", p.port());
            process.add("startedAt", time(p.startedAt()));
            process.add("uptimeSeconds", p.startedAt() == null || !p.state().equals("RUNNING") ? JsonNull.INSTANCE
                    : new JsonPrimitive(Duration.between(p.startedAt(), sample.at()).toSeconds()));
            process.addProperty("log", "/api/edges/" + p.name() + "/log?lines=200");
            processes.add(process);
        }
        json.add("backendProcesses", processes);

        JsonObject edges = new JsonObject();
        edges.addProperty("total", sample.edges());
        edges.addProperty("running", sample.count(FrameworkState.ACTIVE));
        edges.addProperty("online", sample.online());
        edges.addProperty("healthy", sample.healthy());
        edges.addProperty("failed", sample.count(FrameworkState.FAILED));
        edges.addProperty("offline", sample.edges() - sample.online());
        JsonObject byState = new JsonObject();
        for (FrameworkState state : FrameworkState.values()) {
            byState.addProperty(state.name(), sample.count(state));
        }
        edges.add("byState", byState);
        json.add("edges", edges);

        json.addProperty("messagesPerSecond", round(sample.messagesPerSecond()));
        json.addProperty("messagesTotal", sample.messagesTotal());

        JvmFigures figures = sample.jvm();
        JsonObject jvm = new JsonObject();
        jvm.addProperty("heapUsed", figures.heapUsed());
        jvm.addProperty("heapCommitted", figures.heapCommitted());
        jvm.addProperty("heapMax", figures.heapMax());
        jvm.addProperty("metaspaceUsed", figures.metaspaceUsed());
        jvm.addProperty("rss", figures.rss());
        jvm.addProperty("threads", figures.threads());
        jvm.addProperty("cpuPercent", round(sample.cpuPercent()));
        jvm.addProperty("cores", figures.cores());
        json.add("jvm", jvm);
        return json;
    }

    static JsonObject history(List<FleetSampler.Point> points) {
        JsonArray at = new JsonArray(points.size());
        JsonArray online = new JsonArray(points.size());
        JsonArray rate = new JsonArray(points.size());
        for (FleetSampler.Point point : points) {
            at.add(point.at().toEpochMilli());
            online.add(point.online());
            rate.add(round(point.messagesPerSecond()));
        }
        JsonObject json = new JsonObject();
        json.addProperty("everySeconds", FleetSampler.EVERY.toSeconds());
        json.add("at", at);
        json.add("online", online);
        json.add("messagesPerSecond", rate);
        return json;
    }

    static JsonObject error(String message) {
        JsonObject json = new JsonObject();
        json.addProperty("error", message);
        return json;
    }

    private static JsonElement time(Instant instant) {
        return instant == null ? JsonNull.INSTANCE : new JsonPrimitive(instant.toString());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
