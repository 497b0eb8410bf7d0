package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.server.testing.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input gets a clear JSON error or a closed connection, and the node keeps
 * serving.
 */
class BadInputTest {
  static final List<String> JSON_ROUTES =
      List.of(
          "/jsonrpc",
          "/admin-api/contexts",
          "/admin-api/install-application",
          "/admin-api/install-dev-application",
          "/sse/subscription",
          "/auth/token",
          "/auth/refresh");

  static TestNode node;
  static Api api;
  static String context;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            ApiServerConfig.loopback(0)
                .withLimits(ApiServerConfig.Limits.defaults().withMaxWebSockets(500)));
    api = node.api;
    context = api.createKvContext();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void malformedJsonOnEveryRouteIsAClientError() {
    for (String route : JSON_ROUTES) {
      for (String body :
          List.of(
              "",
              "{",
              "}",
              "nul",
              "{\"a\":}",
              "[1,2",
              "\u0000\u0001",
              "{\"a\":1}{\"b\":2}",
              "[".repeat(5000))) {
        Api.Response response = api.post(route, body);
        assertThat(response.status())
            .as(route + " <- " + body.length() + " chars")
            .isBetween(400, 499);
        assertThat(response.json()).as(route + " answers JSON").isNotNull();
      }
    }
  }

  @Test
  void wrongTypesAndUnknownFieldsAreNamed() {
    JsonNode wrongArgs =
        api.rpc("execute", Api.parse("{\"contextId\":\"" + context + "\",\"method\":7}"))
            .json()
            .get("error");
    assertThat(wrongArgs.get("data").get("field").asText()).isEqualTo("method");
    JsonNode paramsArray =
        api.post("/jsonrpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"params\":[1]}")
            .json()
            .get("error");
    assertThat(paramsArray.get("code").asInt()).isEqualTo(-32602);
    Api.Response contextAsNumber = api.post("/admin-api/contexts", "{\"applicationId\":12}");
    assertThat(contextAsNumber.status()).isEqualTo(400);
    assertThat(contextAsNumber.error().get("data").get("field").asText())
        .isEqualTo("applicationId");
    assertThat(
            api.post("/admin-api/install-dev-application", "{\"path\":\"/x\",\"evil\":true}")
                .error()
                .get("data")
                .get("field")
                .asText())
        .isEqualTo("evil");
  }

  @Test
  void invalidBase58AndUnknownIdsInPaths() {
    for (String id :
        List.of(
            "0OIl",
            "%20",
            "x".repeat(300),
            "1111",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")) {
      Api.Response response = api.get("/admin-api/contexts/" + id);
      assertThat(response.status()).as(id).isEqualTo(400);
      assertThat(response.error().get("data").get("type").asText()).isEqualTo("InvalidParams");
    }
    assertThat(api.get("/admin-api/contexts/11111111111111111111111111111111").status())
        .isEqualTo(404);
    assertThat(api.delete("/admin-api/contexts/11111111111111111111111111111111").status())
        .isEqualTo(404);
  }

  @Test
  void oversizedBodiesAre413WithoutReadingThemWhole() throws Exception {
    // A body announced larger than the cap is refused from its headers, before a byte of it is
    // read.
    for (String path : new String[] {"/jsonrpc", "/admin-api/applications"}) {
      try (java.net.Socket socket =
          new java.net.Socket(api.base().getHost(), api.base().getPort())) {
        socket.setSoTimeout(20_000);
        socket
            .getOutputStream()
            .write(
                ("POST "
                        + path
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        + (path.equals("/jsonrpc")
                            ? "application/json"
                            : "application/octet-stream")
                        + "\r\nContent-Length: "
                        + (64L * 1024 * 1024)
                        + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String status =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                .readLine();
        assertThat(status).startsWith("HTTP/1.1 413");
      }
    }
    // Streaming a huge body: the server answers 413 or closes the connection mid-upload; both are
    // clean refusals, and the node is unaffected either way.
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"params\":{\"contextId\":\""
            + context
            + "\",\"method\":\"set\",\"argsJson\":{\"key\":\"k\",\"value\":\""
            + "v".repeat(11 * 1024 * 1024)
            + "\"}}}";
    try {
      Api.Response response = api.post("/jsonrpc", huge);
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.json().get("error").get("data").get("type").asText())
          .isEqualTo("LimitExceeded");
    } catch (java.io.UncheckedIOException closedMidUpload) {
      assertThat(closedMidUpload).hasRootCauseInstanceOf(java.io.IOException.class);
    }
    assertThat(api.get("/admin-api/health").status()).isEqualTo(200);
  }

  @Test
  void argsOverTheCapAreLimitExceeded() {
    ApiServerConfig small =
        ApiServerConfig.loopback(0)
            .withLimits(
                new ApiServerConfig.Limits(
                    1024,
                    64 * 1024,
                    1024 * 1024,
                    100,
                    16,
                    100,
                    16,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(30),
                    30,
                    10,
                    Duration.ofSeconds(60)));
    try (TestNode tiny = TestNode.start(small)) {
      String ctx = tiny.api.createKvContext();
      JsonNode error =
          tiny.api
              .execute(ctx, "set", "{\"key\":\"k\",\"value\":\"" + "v".repeat(2000) + "\"}")
              .json()
              .get("error");
      assertThat(error.get("data").get("type").asText()).isEqualTo("LimitExceeded");
      assertThat(error.get("data").get("field").asText()).isEqualTo("argsJson");
    }
  }

  @Test
  void aSlowClientDoesNotBlockOthers() throws IOException {
    try (Socket slow = new Socket("127.0.0.1", node.url.getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(api.execute(context, "len", "{}").status()).isEqualTo(200);
      assertThat(api.get("/admin-api/health").status()).isEqualTo(200);
    }
  }

  @Test
  void twoThousandOpenSocketsLeaveTheNodeServing() throws IOException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        Socket socket = new Socket("127.0.0.1", node.url.getPort());
        if (i % 2 == 0) {
          socket.getOutputStream().write("GET /admin-api/heal".getBytes(StandardCharsets.US_ASCII));
        }
        sockets.add(socket);
      }
      assertThat(api.get("/admin-api/health").status()).isEqualTo(200);
      assertThat(api.execute(context, "len", "{}").status()).isEqualTo(200);
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    assertThat(api.get("/admin-api/health").status()).isEqualTo(200);
  }

  @Test
  void manyWebSocketSubscribersAllGetTheEvent() throws Exception {
    HttpClient shared = HttpClient.newHttpClient();
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        WsClient ws = WsClient.connect(shared, node.url, null, null);
        ws.send(
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"contextIds\":[\""
                + context
                + "\"]}}");
        clients.add(ws);
      }
      for (WsClient ws : clients) {
        assertThat(ws.next().get("id").asInt()).isEqualTo(1);
      }
      api.execute(context, "set", "{\"key\":\"fan\",\"value\":\"out\"}");
      for (WsClient ws : clients) {
        assertThat(ws.next().get("result").get("type").asText()).isEqualTo("StateMutation");
      }
    } finally {
      clients.forEach(WsClient::close);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(api.get("/metrics").text())
                    .contains("mero4j_websocket_connections 0.0"));
  }
}
