package fleet.link;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One JSON-RPC 2.0 text frame from an edge, read for what the receiver counts: data points of
 * {@code timestampedData}, {@code aggregatedData} and {@code resendData}, the component count of
 * {@code edgeConfig}, the OpenEMS version in channel {@code _meta/Version}. A notification wrapped in
 * {@code edgeRpc} ({@code {"edgeId":..,"payload":{..}}}, the form the backend's edge proxy relays)
 * is read as its payload.
 *
 * @param kind        notification, request, response or not JSON-RPC at all
 * @param method      the (unwrapped) method; empty for responses and invalid frames
 * @param id          the request id to answer; null unless {@code kind} is REQUEST
 * @param dataPoints  channel values carried
 * @param configIds   the component ids of an {@code edgeConfig}; null for any other message
 * @param version     value of {@code _meta/Version}, null when absent
 * @param inner       the method inside a request that wraps one ({@code appCenter}'s payload); empty otherwise
 */
record EdgeMessage(Kind kind, String method, JsonElement id, long dataPoints, List<String> configIds, String version,
        String inner) {

    /** Components in an {@code edgeConfig}; -1 for any other message. */
    int components() {
        return configIds == null ? -1 : configIds.size();
    }

    enum Kind {
        NOTIFICATION, REQUEST, RESPONSE, INVALID
    }

    static final String EDGE_CONFIG = "edgeConfig";
    static final String TIMESTAMPED_DATA = "timestampedData";
    static final String AGGREGATED_DATA = "aggregatedData";
    static final String RESEND_DATA = "resendData";
    static final String SYSTEM_LOG = "systemLog";
    static final String EDGE_RPC = "edgeRpc";
    static final String VERSION_CHANNEL = "_meta/Version";
    /** The edge's App Center requests ({@code AppCenterRequest}): the real request is the payload. */
    static final String APP_CENTER = "appCenter";
    /** {@code AppCenterGetInstalledAppsRequest}: the edge's App Manager asks for it after it connects. */
    static final String GET_INSTALLED_APPS = "getInstalledApps";
    /** {@code AppCenterGetPossibleAppsRequest}: the App Manager's install worker asks which free apps its key unlocks. */
    static final String GET_POSSIBLE_APPS = "getPossibleApps";
    /** The App Manager's history entries ({@code AppCenterAdd[De]installInstanceHistoryRequest}). */
    static final java.util.Set<String> APP_HISTORY = java.util.Set.of("addInstallInstanceHistory",
            "addDeinstallInstanceHistory");

    /** OpenEMS's {@code OpenemsError.JSONRPC_UNHANDLED_METHOD}: what its backend answers to unhandled requests. */
    static final int UNHANDLED_METHOD_CODE = 4001;

    private static final EdgeMessage INVALID = new EdgeMessage(Kind.INVALID, "", null, 0, null, null, "");

    static EdgeMessage read(String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException e) {
            return INVALID;
        }
        if (!parsed.isJsonObject()) {
            return INVALID;
        }
        JsonObject message = parsed.getAsJsonObject();
        String method = string(message, "method");
        if (method == null) {
            return message.has("id") && (message.has("result") || message.has("error"))
                    ? new EdgeMessage(Kind.RESPONSE, "", null, 0, null, null, "")
                    : INVALID;
        }
        JsonObject params = object(message, "params");
        if (EDGE_RPC.equals(method) && params != null && object(params, "payload") != null) {
            JsonObject payload = object(params, "payload");
            String inner = string(payload, "method");
            if (inner != null) {
                method = inner;
                params = object(payload, "params");
            }
        }
        if (message.has("id")) {
            String inner = APP_CENTER.equals(method) ? string(object(params, "payload"), "method") : null;
            return new EdgeMessage(Kind.REQUEST, method, message.get("id"), 0, null, null, inner == null ? "" : inner);
        }
        return notification(method, params == null ? new JsonObject() : params);
    }

    private static EdgeMessage notification(String method, JsonObject params) {
        return switch (method) {
            case EDGE_CONFIG -> {
                JsonObject components = object(params, "components");
                yield new EdgeMessage(Kind.NOTIFICATION, method, null, 0,
                        components == null ? List.of() : List.copyOf(components.keySet()), null, "");
            }
            case TIMESTAMPED_DATA, AGGREGATED_DATA, RESEND_DATA -> data(method, params);
            default -> new EdgeMessage(Kind.NOTIFICATION, method, null, 0, null, null, "");
        };
    }

    /** {@code params}: {@code {"<epoch millis>": {"<channel address>": value, ...}, ...}}. */
    private static EdgeMessage data(String method, JsonObject params) {
        long points = 0;
        String version = null;
        for (Map.Entry<String, JsonElement> row : params.entrySet()) {
            if (!row.getValue().isJsonObject()) {
                continue;
            }
            JsonObject values = row.getValue().getAsJsonObject();
            points += values.size();
            JsonElement reported = values.get(VERSION_CHANNEL);
            if (reported != null && reported.isJsonPrimitive()) {
                version = reported.getAsString();
            }
        }
        return new EdgeMessage(Kind.NOTIFICATION, method, null, points, null, version, "");
    }

    /**
     * What the built-in receiver answers to this request, as a backend whose App Center knows no apps
     * and keeps no history: no installed apps, no apps for the edge's key, history entries taken;
     * everything else is a method it
     * does not handle (OpenEMS's error 4001). The App Manager asks for installed apps on every
     * connect, and an error there makes every edge print a stack trace.
     */
    String answer() {
        if (APP_CENTER.equals(method) && GET_INSTALLED_APPS.equals(inner)) {
            JsonObject result = new JsonObject();
            result.add("installedApps", new JsonArray());
            return success(id, result);
        }
        if (APP_CENTER.equals(method) && GET_POSSIBLE_APPS.equals(inner)) {
            JsonObject result = new JsonObject();
            result.add("bundles", new JsonArray());
            return success(id, result);
        }
        if (APP_CENTER.equals(method) && APP_HISTORY.contains(inner)) {
            return success(id, new JsonObject());
        }
        return unhandledMethodError(id, inner.isEmpty() ? method : method + "/" + inner);
    }

    private static String success(JsonElement id, JsonObject result) {
        JsonObject response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", id);
        response.add("result", result);
        return response.toString();
    }

    /** The error OpenEMS's backend sends for a request it does not handle: code 4001, the method named. */
    static String unhandledMethodError(JsonElement id, String method) {
        JsonObject error = new JsonObject();
        error.addProperty("code", UNHANDLED_METHOD_CODE);
        error.addProperty("message", "Unhandled JSON-RPC method [" + method + "]");
        JsonArray data = new JsonArray();
        data.add(method);
        error.add("data", data);
        JsonObject response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", id);
        response.add("error", error);
        return response.toString();
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object == null ? null : object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static JsonObject object(JsonObject object, String key) {
        JsonElement value = object == null ? null : object.get(key);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }
}
