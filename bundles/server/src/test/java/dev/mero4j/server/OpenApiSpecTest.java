package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.OpenApiSpec;
import dev.mero4j.server.testing.TestNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml and the server agree: the same routes, and live responses match their schemas.
 */
class OpenApiSpecTest {
  static OpenApiSpec spec;
  static TestNode node;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    spec = OpenApiSpec.load();
    node = TestNode.start();
    api = node.api;
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> served = new TreeSet<>();
    for (ApiServer.RouteInfo route : node.server.routes()) {
      served.add(("WS".equals(route.method()) ? "GET" : route.method()) + " " + route.path());
    }
    assertThat(served).containsExactlyInAnyOrderElementsOf(spec.operations());
  }

  @Test
  void adminResponsesMatchTheirSchemas() {
    conforms("GET", "/admin-api/health", 200, api.get("/admin-api/health"));
    conforms("GET", "/admin-api/ready", 200, api.get("/admin-api/ready"));
    conforms("GET", "/admin-api/identity", 200, api.get("/admin-api/identity"));
    conforms("GET", "/admin-api/peers", 200, api.get("/admin-api/peers"));
    conforms("GET", "/admin-api/network/status", 200, api.get("/admin-api/network/status"));
    Api.Response installed = api.post("/admin-api/applications", FakeKvRuntime.KV_STORE);
    conforms("POST", "/admin-api/applications", 201, installed);
    String app = installed.data().get("applicationId").asText();
    conforms("GET", "/admin-api/applications", 200, api.get("/admin-api/applications"));
    conforms(
        "GET", "/admin-api/applications/{appId}", 200, api.get("/admin-api/applications/" + app));
    conforms(
        "GET",
        "/admin-api/applications/{appId}/abi",
        200,
        api.get("/admin-api/applications/" + app + "/abi"));
    conforms(
        "GET",
        "/admin-api/applications/{appId}",
        404,
        api.get("/admin-api/applications/11111111111111111111111111111111"));
    Api.Response created = api.post("/admin-api/contexts", "{\"applicationId\":\"" + app + "\"}");
    conforms("POST", "/admin-api/contexts", 201, created);
    String context = created.data().get("contextId").asText();
    conforms("GET", "/admin-api/contexts", 200, api.get("/admin-api/contexts"));
    conforms(
        "GET", "/admin-api/contexts/{contextId}", 200, api.get("/admin-api/contexts/" + context));
    conforms(
        "GET",
        "/admin-api/contexts/{contextId}/identities",
        200,
        api.get("/admin-api/contexts/" + context + "/identities"));
    Api.Response invited =
        api.post("/admin-api/contexts/" + context + "/invitations", "{\"role\":\"member\"}");
    conforms("POST", "/admin-api/contexts/{contextId}/invitations", 201, invited);
    Api.Response joined =
        api.post(
            "/admin-api/contexts/join",
            Api.JSON
                .createObjectNode()
                .put("invitation", invited.data().get("invitation").asText())
                .toString());
    conforms("POST", "/admin-api/contexts/join", 201, joined);
    String member = joined.data().get("memberPublicKey").asText();
    conforms(
        "GET",
        "/admin-api/contexts/{contextId}/members",
        200,
        api.get("/admin-api/contexts/" + context + "/members"));
    conforms(
        "PUT",
        "/admin-api/contexts/{contextId}/members/{publicKey}/role",
        200,
        api.send(
            "PUT",
            "/admin-api/contexts/" + context + "/members/" + member + "/role",
            "{\"role\":\"read-only\"}"));
    conforms(
        "DELETE",
        "/admin-api/contexts/{contextId}/members/{publicKey}",
        200,
        api.delete("/admin-api/contexts/" + context + "/members/" + member));
    String pending =
        api.post("/admin-api/contexts/" + context + "/invitations", "{}")
            .data()
            .get("invitation")
            .asText();
    conforms(
        "DELETE",
        "/admin-api/contexts/{contextId}/invitations/{invitationId}",
        200,
        api.delete(
            "/admin-api/contexts/"
                + context
                + "/invitations/"
                + java.net.URLEncoder.encode(pending, java.nio.charset.StandardCharsets.UTF_8)));
    conforms(
        "DELETE",
        "/admin-api/applications/{appId}",
        409,
        api.delete("/admin-api/applications/" + app));
    conforms(
        "DELETE",
        "/admin-api/contexts/{contextId}",
        200,
        api.delete("/admin-api/contexts/" + context));
    conforms(
        "DELETE",
        "/admin-api/applications/{appId}",
        200,
        api.delete("/admin-api/applications/" + app));
  }

  @Test
  void jsonRpcResponsesMatchTheirSchemas() {
    String context = api.createKvContext();
    conforms(
        "POST", "/jsonrpc", 200, api.execute(context, "set", "{\"key\":\"a\",\"value\":\"b\"}"));
    conforms("POST", "/jsonrpc", 200, api.execute(context, "get", "{\"key\":\"a\"}"));
    conforms("POST", "/jsonrpc", 200, api.execute(context, "fail", "{}"));
    conforms(
        "POST",
        "/jsonrpc",
        200,
        api.rpc("sync_status", Api.parse("{\"contextId\":\"" + context + "\"}")));
    conforms("POST", "/jsonrpc", 400, api.post("/jsonrpc", "{nope"));
  }

  private static void conforms(String method, String path, int status, Api.Response response) {
    assertThat(response.status())
        .as(method + " " + path + ": " + response.text())
        .isEqualTo(status);
    JsonNode schema = spec.responseSchema(method, path, status);
    assertThat(schema).as("documented schema of " + method + " " + path + " " + status).isNotNull();
    assertThat(spec.validate(response.json(), schema))
        .as(method + " " + path + " " + status + ": " + response.text())
        .isEmpty();
  }
}
