package fleet.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** Reading the frames an edge sends, in the shapes OpenEMS's io.openems.common classes produce. */
class EdgeMessageTest {

    @Test
    void timestampedDataCountsEveryValueOfEveryTimestampAndFindsTheVersion() {
        EdgeMessage message = EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{"
                + "\"1700000000000\":{\"_sum/State\":0,\"ess0/Soc\":50,\"_meta/Version\":\"2026.5.0\"},"
                + "\"1700000001000\":{\"_sum/State\":0}}}");

        assertEquals(EdgeMessage.Kind.NOTIFICATION, message.kind());
        assertEquals("timestampedData", message.method());
        assertEquals(4, message.dataPoints());
        assertEquals("2026.5.0", message.version());
        assertEquals(-1, message.components());
    }

    @Test
    void aggregatedAndResendDataCountLikeTimestampedData() {
        for (String method : new String[] { "aggregatedData", "resendData" }) {
            EdgeMessage message = EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"method\":\"" + method
                    + "\",\"params\":{\"1700000000000\":{\"a/B\":1,\"a/C\":null}}}");
            assertEquals(2, message.dataPoints(), method);
            assertNull(message.version(), method);
        }
    }

    @Test
    void edgeConfigCountsComponents() {
        EdgeMessage message = EdgeMessage.read(PlainEdgeClient.edgeConfig(7));
        assertEquals(7, message.components());
        assertEquals(0, message.dataPoints());
    }

    @Test
    void anEdgeRpcWrappedNotificationIsReadAsItsPayload() {
        EdgeMessage message = EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"method\":\"edgeRpc\",\"params\":{"
                + "\"edgeId\":\"edge3\",\"payload\":" + PlainEdgeClient.timestampedData(1, 5) + "}}");
        assertEquals("timestampedData", message.method());
        assertEquals(5, message.dataPoints());
    }

    @Test
    void systemLogIsANotificationWithoutData() {
        EdgeMessage message = EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"method\":\"systemLog\",\"params\":{"
                + "\"line\":{\"time\":\"t\",\"level\":\"INFO\",\"source\":\"s\",\"message\":\"m\"}}}");
        assertEquals(EdgeMessage.Kind.NOTIFICATION, message.kind());
        assertEquals(0, message.dataPoints());
    }

    @Test
    void requestsResponsesAndJunkAreToldApart() {
        EdgeMessage request = EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"6f1c0d2e-0000-4000-8000-000000000001\","
                + "\"method\":\"appCenter\",\"params\":{}}");
        assertEquals(EdgeMessage.Kind.REQUEST, request.kind());
        assertEquals("appCenter", request.method());
        assertEquals(EdgeMessage.Kind.RESPONSE, EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}").kind());
        assertEquals(EdgeMessage.Kind.INVALID, EdgeMessage.read("not json").kind());
        assertEquals(EdgeMessage.Kind.INVALID, EdgeMessage.read("[1,2]").kind());
        assertEquals(EdgeMessage.Kind.INVALID, EdgeMessage.read("{\"jsonrpc\":\"2.0\"}").kind());
    }

    @Test
    void theAnswerToAnUnhandledRequestIsOpenemsError4001() {
        JsonObject answer = JsonParser.parseString(EdgeMessage.unhandledMethodError(new JsonPrimitive("id-1"), "appCenter"))
                .getAsJsonObject();
        assertEquals("2.0", answer.get("jsonrpc").getAsString());
        assertEquals("id-1", answer.get("id").getAsString());
        JsonObject error = answer.getAsJsonObject("error");
        assertEquals(4001, error.get("code").getAsInt());
        assertEquals("Unhandled JSON-RPC method [appCenter]", error.get("message").getAsString());
        assertEquals("appCenter", error.getAsJsonArray("data").get(0).getAsString());
    }

    @Test
    void appCenterRequestsAreAnsweredAsByABackendWhoseAppCenterKnowsNoApps() {
        JsonObject installed = JsonParser.parseString(EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\","
                + "\"method\":\"appCenter\",\"params\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\"b-1\","
                + "\"method\":\"getInstalledApps\",\"params\":{}}}}").answer()).getAsJsonObject();
        assertEquals("a-1", installed.get("id").getAsString());
        assertEquals(0, installed.getAsJsonObject("result").getAsJsonArray("installedApps").size(),
                "what AppCenterGetInstalledAppsResponse.from reads: no apps");

        JsonObject possible = JsonParser.parseString(EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"a-4\","
                + "\"method\":\"appCenter\",\"params\":{\"payload\":{\"method\":\"getPossibleApps\","
                + "\"params\":{\"key\":\"0000-0000-0000-0000\"}}}}").answer()).getAsJsonObject();
        assertEquals(0, possible.getAsJsonObject("result").getAsJsonArray("bundles").size(),
                "what AppCenterGetPossibleAppsResponse.from reads: no apps for this key");

        JsonObject history = JsonParser.parseString(EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"a-2\","
                + "\"method\":\"appCenter\",\"params\":{\"payload\":{\"method\":\"addInstallInstanceHistory\","
                + "\"params\":{}}}}").answer()).getAsJsonObject();
        assertTrue(history.has("result") && !history.has("error"), history.toString());

        JsonObject key = JsonParser.parseString(EdgeMessage.read("{\"jsonrpc\":\"2.0\",\"id\":\"a-3\","
                + "\"method\":\"appCenter\",\"params\":{\"payload\":{\"method\":\"isKeyApplicable\","
                + "\"params\":{}}}}").answer()).getAsJsonObject();
        assertEquals(4001, key.getAsJsonObject("error").get("code").getAsInt(), "keys are a real App Center's business");
        assertEquals("Unhandled JSON-RPC method [appCenter/isKeyApplicable]",
                key.getAsJsonObject("error").get("message").getAsString());
    }

    @Test
    void bytesAreCountedAsUtf8() {
        assertEquals(3, BuiltInReceiver.utf8Length("abc"));
        assertEquals(2, BuiltInReceiver.utf8Length("ä"));
        assertEquals(3, BuiltInReceiver.utf8Length("€"));
        assertEquals(4, BuiltInReceiver.utf8Length("😀"));
    }
}
