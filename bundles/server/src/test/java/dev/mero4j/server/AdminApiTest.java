package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminApiTest {
  static TestNode node;
  static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.api;
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void healthReadyAndIdentityAreWrappedInData() {
    assertThat(api.get("/admin-api/health").data().get("status").asText()).isEqualTo("alive");
    node.server.setReady(false);
    Api.Response notReady = api.get("/admin-api/ready");
    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.data().get("ready").asBoolean()).isFalse();
    node.server.setReady(true);
    assertThat(api.get("/admin-api/ready").data().get("status").asText()).isEqualTo("ready");
    JsonNode identity = api.get("/admin-api/identity").data();
    assertThat(identity.get("publicKey").asText()).isEqualTo("11111111111111111111111111111112");
    assertThat(identity.get("peerId").asText()).isEqualTo("12D3KooWTestPeer");
  }

  @Test
  void peersAndNetworkStatusComeFromNodeInfo() {
    JsonNode peers = api.get("/admin-api/peers").data();
    assertThat(peers.get("count").asInt()).isEqualTo(1);
    assertThat(peers.get("peers").get(0).get("peerId").asText()).isEqualTo("12D3KooWOther");
    assertThat(api.get("/admin-api/network/status").data().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void applicationsInstallFromUploadPathAndUrl(@TempDir Path dir) throws IOException {
    Api.Response uploaded =
        api.post("/admin-api/applications?source=kv.wasm", FakeKvRuntime.KV_STORE);
    assertThat(uploaded.status()).isEqualTo(201);
    String appId = uploaded.data().get("applicationId").asText();

    Path file = dir.resolve("kv.wasm");
    Files.write(file, FakeKvRuntime.KV_STORE);
    Api.Response fromPath =
        api.post("/admin-api/install-dev-application", "{\"path\":\"" + file + "\"}");
    assertThat(fromPath.data().get("applicationId").asText()).isEqualTo(appId);

    HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    files.createContext(
        "/kv.wasm",
        ex -> {
          ex.sendResponseHeaders(200, FakeKvRuntime.KV_STORE.length);
          ex.getResponseBody().write(FakeKvRuntime.KV_STORE);
          ex.close();
        });
    files.start();
    try {
      String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/kv.wasm";
      Api.Response fromUrl =
          api.post("/admin-api/install-application", "{\"url\":\"" + url + "\"}");
      assertThat(fromUrl.data().get("applicationId").asText()).isEqualTo(appId);
    } finally {
      files.stop(0);
    }

    assertThat(api.get("/admin-api/applications").data().get("apps").findValuesAsText("id"))
        .contains(appId);
    JsonNode app = api.get("/admin-api/applications/" + appId).data();
    assertThat(app.get("name").asText()).isEqualTo("kv-store");
    JsonNode abi = api.get("/admin-api/applications/" + appId + "/abi").data();
    assertThat(abi.get("methods").findValuesAsText("name")).contains("set", "get");
  }

  @Test
  void invalidApplicationsAndBadSourcesAreClientErrors() {
    Api.Response bad = api.post("/admin-api/applications", new byte[] {1, 2, 3});
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error().get("data").get("type").asText()).isEqualTo("InvalidApplication");
    assertThat(
            api.post("/admin-api/install-dev-application", "{\"path\":\"relative.wasm\"}").status())
        .isEqualTo(400);
    assertThat(
            api.post("/admin-api/install-application", "{\"url\":\"file:///etc/passwd\"}").status())
        .isEqualTo(400);
    assertThat(api.get("/admin-api/applications/11111111111111111111111111111111").status())
        .isEqualTo(404);
    assertThat(api.get("/admin-api/applications/not-base58!").status()).isEqualTo(400);
  }

  @Test
  void contextsLifecycle() {
    String appId =
        api.post("/admin-api/applications", FakeKvRuntime.KV_STORE)
            .data()
            .get("applicationId")
            .asText();
    Api.Response created =
        api.post(
            "/admin-api/contexts",
            "{\"applicationId\":\"" + appId + "\",\"initializationParams\":[]}");
    assertThat(created.status()).isEqualTo(201);
    String contextId = created.data().get("contextId").asText();
    String member = created.data().get("memberPublicKey").asText();

    api.execute(contextId, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    JsonNode context = api.get("/admin-api/contexts/" + contextId).data();
    assertThat(context.get("applicationId").asText()).isEqualTo(appId);
    assertThat(context.get("rootHash").asText()).isNotEqualTo("11111111111111111111111111111111");
    assertThat(context.get("dagHeads")).hasSize(1);
    assertThat(api.get("/admin-api/contexts").data().get("contexts").findValuesAsText("id"))
        .contains(contextId);
    assertThat(
            api.get("/admin-api/contexts/" + contextId + "/identities")
                .data()
                .get("identities")
                .get(0)
                .asText())
        .isEqualTo(member);

    Api.Response inUse = api.delete("/admin-api/applications/" + appId);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.error().get("data").get("type").asText()).isEqualTo("ApplicationInUse");

    assertThat(api.delete("/admin-api/contexts/" + contextId).data().get("isDeleted").asBoolean())
        .isTrue();
    assertThat(api.get("/admin-api/contexts/" + contextId).status()).isEqualTo(404);
    assertThat(api.delete("/admin-api/applications/" + appId).status()).isEqualTo(200);
  }

  @Test
  void createContextRejectsUnknownFieldsAndUnknownApplications() {
    Api.Response unknownField =
        api.post(
            "/admin-api/contexts",
            "{\"applicationId\":\"11111111111111111111111111111111\",\"x\":1}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.error().get("data").get("field").asText()).isEqualTo("x");
    Api.Response unknownApp =
        api.post("/admin-api/contexts", "{\"applicationId\":\"11111111111111111111111111111111\"}");
    assertThat(unknownApp.status()).isEqualTo(404);
    assertThat(unknownApp.error().get("data").get("type").asText())
        .isEqualTo("ApplicationNotFound");
  }

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    Api.Response missing = api.get("/admin-api/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error().get("data").get("type").asText()).isEqualTo("NotFound");
    Api.Response wrongMethod = api.send("PUT", "/admin-api/health", "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json()).isNotNull();
  }
}
