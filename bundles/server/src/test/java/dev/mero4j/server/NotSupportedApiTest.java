package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A context service that leaves time travel out (the test fake keeps the interface's defaults):
 * every time-travel call answers NotSupported (-32033, HTTP 501), not an internal error.
 */
class NotSupportedApiTest {
  private static final String DELTA = "11111111111111111111111111111111";

  private final FakeKvRuntime runtime = new FakeKvRuntime();
  private ApiServer server;
  private Api api;
  private String context;

  @BeforeEach
  void start() {
    server =
        new ApiServer(
            ApiServerConfig.loopback(0),
            runtime.applications(),
            runtime.contexts(),
            TestNode.nodeInfo());
    api = new Api(server.start());
    server.setReady(true);
    context = api.createKvContext();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private JsonNode rpcError(String method, ObjectNode params) {
    return api.rpc(method, params.put("contextId", context)).json().get("error");
  }

  @Test
  void everyTimeTravelCallSaysNotSupported() {
    ObjectNode at = Api.JSON.createObjectNode().put("method", "get").put("at", DELTA);
    at.set("argsJson", Api.parse("{\"key\":\"a\"}"));
    for (JsonNode error :
        new JsonNode[] {
          rpcError("execute", at),
          rpcError("context_history", Api.JSON.createObjectNode()),
          rpcError("context_diff", Api.JSON.createObjectNode().put("from", DELTA).put("to", DELTA)),
          rpcError("context_delta_diff", Api.JSON.createObjectNode().put("delta", DELTA)),
          rpcError("context_state", Api.JSON.createObjectNode())
        }) {
      assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(-32033);
      assertThat(error.at("/data/type").asText()).isEqualTo("NotSupported");
      assertThat(error.get("message").asText()).contains("not supported by this node");
    }
    String base = "/admin-api/contexts/" + context;
    for (String path :
        new String[] {
          "/state",
          "/history",
          "/diff?from=" + DELTA + "&to=" + DELTA,
          "/dag/deltas/" + DELTA + "/diff"
        }) {
      Api.Response response = api.get(base + path);
      assertThat(response.status()).as(path).isEqualTo(501);
      assertThat(response.error().get("code").asInt()).isEqualTo(-32033);
    }
  }
}
