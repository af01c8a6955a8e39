package fleet.testedge.backend;

import java.lang.reflect.Array;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import fleet.testedge.core.api.TestEdgeComponent;

/** The JSON-RPC 2.0 messages the edge sends, in the shapes OpenEMS uses. */
final class Messages {

    /** Service properties that are registry internals or secrets, not component configuration. */
    private static final String[] HIDDEN_PREFIXES = { "service.", "component.", "osgi.ds.", "apikey" };

    private Messages() {
    }

    /**
     * {@code edgeConfig}: every test edge component of this framework with its configuration
     * properties, {@code {"components":{id:{alias,factoryId,properties,channels}},"factories":{}}}.
     */
    static String edgeConfig(BundleContext context) {
        JsonObject components = new JsonObject();
        for (ServiceReference<TestEdgeComponent> reference : componentReferences(context)) {
            Object id = reference.getProperty("id");
            if (id == null) {
                continue;
            }
            JsonObject component = new JsonObject();
            component.addProperty("alias", String.valueOf(id));
            component.addProperty("factoryId", factoryId(reference));
            component.add("properties", properties(reference));
            component.add("channels", new JsonObject());
            components.add(String.valueOf(id), component);
        }
        JsonObject params = new JsonObject();
        params.add("components", components);
        params.add("factories", new JsonObject());
        return notification("edgeConfig", params);
    }

    /** {@code timestampedData}: one snapshot of a few channels under the given epoch millis. */
    static String timestampedData(long epochMillis, long measuredCycleTimeMillis) {
        JsonObject values = new JsonObject();
        values.addProperty("_sum/State", 0);
        values.addProperty("_sum/EssSoc", 50);
        values.addProperty("_cycle/MeasuredCycleTime", measuredCycleTimeMillis);
        JsonObject params = new JsonObject();
        params.add(Long.toString(epochMillis), values);
        return notification("timestampedData", params);
    }

    /** The empty success response to any request: {@code {"jsonrpc":"2.0","id":<id>,"result":{}}}. */
    static String successResponse(JsonElement id) {
        JsonObject response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", id);
        response.add("result", new JsonObject());
        return response.toString();
    }

    private static String notification(String method, JsonObject params) {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        message.add("params", params);
        return message.toString();
    }

    private static Iterable<ServiceReference<TestEdgeComponent>> componentReferences(BundleContext context) {
        try {
            return context.getServiceReferences(TestEdgeComponent.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter cannot be invalid", e);
        }
    }

    private static String factoryId(ServiceReference<?> reference) {
        Object factoryPid = reference.getProperty("service.factoryPid");
        return String.valueOf(factoryPid != null ? factoryPid : reference.getProperty("component.name"));
    }

    private static JsonObject properties(ServiceReference<?> reference) {
        Map<String, JsonElement> sorted = new TreeMap<>();
        for (String key : reference.getPropertyKeys()) {
            if (!hidden(key)) {
                sorted.put(key, toJson(reference.getProperty(key)));
            }
        }
        JsonObject properties = new JsonObject();
        sorted.forEach(properties::add);
        return properties;
    }

    private static boolean hidden(String key) {
        if (key.equals(Constants.OBJECTCLASS)) {
            return true;
        }
        for (String prefix : HIDDEN_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value.getClass().isArray()) {
            JsonArray array = new JsonArray();
            for (int i = 0; i < Array.getLength(value); i++) {
                array.add(toJson(Array.get(value, i)));
            }
            return array;
        }
        if (value instanceof Iterable<?> items) {
            JsonArray array = new JsonArray();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        return new JsonPrimitive(value.toString());
    }
}
