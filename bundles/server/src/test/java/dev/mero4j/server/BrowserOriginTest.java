package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.RawHttp;
import dev.mero4j.server.testing.TestNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A web page on another origin, or on a DNS name rebound to loopback, cannot drive the node: every
 * route refuses a foreign {@code Origin} and a foreign {@code Host}, and writes need a JSON body.
 */
class BrowserOriginTest {
  static final String EVIL = "https://evil.example";

  TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aForeignOriginIsRefusedOnJsonRpcAdminSseAndWebSocketWithNoEffect() {
    node = TestNode.start();
    Api api = node.api;
    String context = api.createKvContext();

    Api.Response rpc = fromOrigin(api, EVIL, "/jsonrpc", Api.setCall(context), "application/json");
    assertRefused(rpc, 403, "origin");
    assertThat(rpc.json().get("jsonrpc").asText()).isEqualTo("2.0");

    Api.Response create =
        fromOrigin(
            api,
            EVIL,
            "/admin-api/contexts",
            "{\"applicationId\":\"" + applicationId(api) + "\",\"initializationParams\":{}}",
            "application/json");
    assertRefused(create, 403, "origin");
    Api.Response read = api.send(api.request("/admin-api/contexts").header("Origin", EVIL).GET());
    assertRefused(read, 403, "origin");
    Api.Response sse =
        api.send(
            api.request("/sse").header("Origin", EVIL).header("Accept", "text/event-stream").GET());
    assertRefused(sse, 403, "origin");
    assertThat(upgradeStatus(api, EVIL)).isEqualTo(403);

    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .as("the refused call changed nothing")
        .isZero();
    assertThat(api.get("/admin-api/contexts").data().get("contexts").size()).isEqualTo(1);
  }

  @Test
  void aNullOriginAndAPageTheBrowserMarksCrossSiteAreRefused() {
    node = TestNode.start();
    Api api = node.api;
    String context = api.createKvContext();
    assertRefused(
        fromOrigin(api, "null", "/jsonrpc", Api.setCall(context), "application/json"),
        403,
        "origin");
    Api.Response crossSite =
        api.send(
            api.request("/jsonrpc")
                .header("Sec-Fetch-Site", "same-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.setCall(context))));
    assertRefused(crossSite, 403, "origin");
    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .isZero();
  }

  @Test
  void theNodesOwnOriginAConfiguredOriginAndNoOriginAreAccepted() {
    node =
        TestNode.start(
            ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of("http://localhost:3000")));
    Api api = node.api;
    String context = api.createKvContext();
    String own = "http://127.0.0.1:" + node.url.getPort();
    assertThat(fromOrigin(api, own, "/jsonrpc", Api.setCall(context), "application/json").status())
        .isEqualTo(200);
    assertThat(
            fromOrigin(
                    api,
                    "http://localhost:3000",
                    "/jsonrpc",
                    Api.setCall(context),
                    "application/json")
                .status())
        .isEqualTo(200);
    assertRefused(
        fromOrigin(
            api, "http://localhost:3001", "/jsonrpc", Api.setCall(context), "application/json"),
        403,
        "origin");
    assertThat(upgradeStatus(api, own)).isEqualTo(101);
    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .isEqualTo(1);
  }

  @Test
  void simpleRequestBodiesAreRefusedBeforeAnyEffect() {
    node = TestNode.start();
    Api api = node.api;
    String context = api.createKvContext();
    Api.Response text = withType(api, "/jsonrpc", Api.setCall(context), "text/plain");
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().get("error").get("data").get("type").asText())
        .isEqualTo("UnsupportedMediaType");
    Api.Response form =
        withType(api, "/jsonrpc", Api.setCall(context), "application/x-www-form-urlencoded");
    assertThat(form.status()).isEqualTo(415);
    Api.Response multipart =
        withType(
            api,
            "/admin-api/contexts",
            "{\"applicationId\":\"" + applicationId(api) + "\"}",
            "multipart/form-data; boundary=x");
    assertThat(multipart.status()).isEqualTo(415);
    Api.Response upload = withType(api, "/admin-api/applications", "\0asm-other", "text/plain");
    assertThat(upload.status()).isEqualTo(415);
    Api.Response noType =
        api.send(
            api.request("/jsonrpc")
                .POST(HttpRequest.BodyPublishers.ofString(Api.setCall(context))));
    assertThat(noType.status()).as("a body without a declared type").isEqualTo(415);
    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .isZero();
    assertThat(api.get("/admin-api/contexts").data().get("contexts").size()).isEqualTo(1);
    assertThat(api.get("/admin-api/applications").data().get("apps").size()).isEqualTo(1);
    assertThat(
            withType(api, "/jsonrpc", Api.setCall(context), "application/json; charset=utf-8")
                .status())
        .isEqualTo(200);
  }

  @Test
  void aHostThatIsNoNameOfTheNodeIsRefused() throws IOException {
    node =
        TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of("node.internal"), Set.of()));
    int port = node.url.getPort();
    assertThat(rawGet(port, "evil.example:" + port))
        .startsWith("HTTP/1.1 421")
        .contains("\"host\"");
    assertThat(rawGet(port, "evil.example")).startsWith("HTTP/1.1 421");
    assertThat(rawGet(port, "localhost.evil.example:" + port)).startsWith("HTTP/1.1 421");
    assertThat(rawGet(port, "10.1.2.3:" + port)).startsWith("HTTP/1.1 421");
    assertThat(rawGet(port, "localhost:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(port, "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(port, "[::1]:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(port, "Node.Internal:" + port)).startsWith("HTTP/1.1 200");
    String rpc = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"params\":{}}";
    assertThat(rawPost(port, "evil.example:" + port, "/jsonrpc", rpc)).startsWith("HTTP/1.1 421");
  }

  @Test
  void theSameRulesHoldWithAuthOn() {
    AdminCredential admin =
        AdminCredential.create("admin", "pw-pw-pw-pw".toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    node =
        TestNode.start(
            ApiServerConfig.loopback(0).withAuth(ApiServerConfig.AuthSettings.of(admin, secret)));
    Api anonymous = node.api;
    Api.Response login =
        anonymous.post("/auth/token", "{\"username\":\"admin\",\"password\":\"pw-pw-pw-pw\"}");
    Api api = anonymous.withToken(login.data().get("accessToken").asText());
    String context = api.createKvContext();
    assertRefused(
        fromOrigin(api, EVIL, "/jsonrpc", Api.setCall(context), "application/json"), 403, "origin");
    assertRefused(
        fromOrigin(
            anonymous,
            EVIL,
            "/auth/token",
            "{\"username\":\"admin\",\"password\":\"guess\"}",
            "application/json"),
        403,
        "origin");
    assertThat(withType(api, "/jsonrpc", Api.setCall(context), "text/plain").status())
        .isEqualTo(415);
    assertThat(upgradeStatus(api, EVIL)).isEqualTo(403);
    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .isZero();
  }

  private static void assertRefused(Api.Response response, int status, String reason) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode error = response.json().get("error");
    assertThat(error.get("data").get("reason").asText()).isEqualTo(reason);
  }

  private static Api.Response fromOrigin(
      Api api, String origin, String path, String body, String type) {
    return api.send(
        api.request(path)
            .header("Origin", origin)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static Api.Response withType(Api api, String path, String body, String type) {
    return api.send(
        api.request(path)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String applicationId(Api api) {
    return api.get("/admin-api/applications").data().get("apps").get(0).get("id").asText();
  }

  /** The status of a WebSocket upgrade sent with {@code origin}: 101 when it is accepted. */
  private static int upgradeStatus(Api api, String origin) {
    WebSocket.Builder builder =
        api.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    builder.header("Origin", origin);
    api.token().ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    java.net.URI uri =
        java.net.URI.create(api.base().toString().replace("http://", "ws://") + "/ws");
    try {
      WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {}).join();
      socket.abort();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      throw e;
    }
  }

  private static String rawGet(int port, String host) throws IOException {
    return RawHttp.exchange(
        port, "GET /admin-api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  private static String rawPost(int port, String host, String path, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return RawHttp.exchange(
        port,
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }
}
