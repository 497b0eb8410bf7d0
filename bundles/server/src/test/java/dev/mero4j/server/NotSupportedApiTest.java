package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A context service that leaves time travel out (the test fake keeps the interface's defaults):
 * every time-travel call answers NotSupported (-32033, HTTP 501), not an internal error. The same
 * holds for a service that leaves membership out.
 */
class NotSupportedApiTest {
  private static final String DELTA = "11111111111111111111111111111111";

  private static final Set<String> MEMBERSHIP =
      Set.of("invite", "join", "members", "removeMember", "setRole", "revokeInvitation");

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
            withoutMembership(runtime.contexts()),
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

  @Test
  void everyMembershipRouteSaysNotSupported() {
    String base = "/admin-api/contexts/" + context;
    String key = "11111111111111111111111111111111";
    Api.Response[] responses = {
      api.get(base + "/members"),
      api.post(base + "/invitations", "{\"role\":\"member\"}"),
      api.post("/admin-api/contexts/join", "{\"invitation\":\"x\"}"),
      api.delete(base + "/members/" + key),
      api.send("PUT", base + "/members/" + key + "/role", "{\"role\":\"admin\"}"),
      api.delete(base + "/invitations/abc")
    };
    for (Api.Response response : responses) {
      assertThat(response.status()).as(response.toString()).isEqualTo(501);
      assertThat(response.error().get("code").asInt()).isEqualTo(-32033);
      assertThat(response.error().get("message").asText()).contains("membership");
    }
  }

  /** The fake's context service with the interface's own membership defaults. */
  private static ContextService withoutMembership(ContextService delegate) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (MEMBERSHIP.contains(method.getName()) && method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (ContextService)
        Proxy.newProxyInstance(
            ContextService.class.getClassLoader(), new Class<?>[] {ContextService.class}, handler);
  }
}
