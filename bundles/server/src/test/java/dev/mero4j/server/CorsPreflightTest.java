package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.RawHttp;
import dev.mero4j.server.testing.TestNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CORS preflight is granted only to the node's allowed origins: a foreign origin or a rebound
 * {@code Host} gets a refusal without any {@code Access-Control-Allow-*} header on every route, SSE
 * included, while an allowed origin is granted the API's methods and headers and may read the
 * answers of its requests.
 */
class CorsPreflightTest {
  static final String EVIL = "https://evil.example";
  static final String APP = "http://localhost:3000";

  /** A route of each kind: JSON-RPC, an admin write, an admin delete, the SSE routes, the WS. */
  static final List<String> PATHS =
      List.of(
          "/jsonrpc",
          "/admin-api/contexts",
          "/admin-api/contexts/x",
          "/sse",
          "/sse/subscription",
          "/sse/session/x",
          "/ws");

  TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aPreflightFromAForeignOriginIsRefusedWithoutAnyGrant() {
    node = TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of(APP)));
    Api api = node.api;
    for (String path : PATHS) {
      for (String method : List.of("POST", "DELETE", "GET")) {
        Api.Response answer = preflight(api, path, EVIL, method, "content-type, x-custom");
        assertThat(answer.status()).as("%s %s", method, path).isEqualTo(403);
        assertThat(answer.json().get("error").get("data").get("reason").asText())
            .isEqualTo("origin");
        assertThat(corsHeaders(answer.raw().headers())).as("%s %s", method, path).isEmpty();
      }
    }
    assertThat(preflight(api, "/jsonrpc", "null", "POST", "content-type").status()).isEqualTo(403);
  }

  @Test
  void aPreflightFromAnAllowedOriginIsGrantedTheApisMethodsAndHeaders() {
    node = TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of(APP)));
    Api api = node.api;
    for (String origin : List.of(APP, "http://127.0.0.1:" + node.url.getPort())) {
      Api.Response answer = preflight(api, "/jsonrpc", origin, "POST", "content-type");
      assertThat(answer.status()).as(answer.text()).isEqualTo(204);
      HttpHeaders headers = answer.raw().headers();
      assertThat(headers.firstValue("Access-Control-Allow-Origin")).contains(origin);
      assertThat(list(headers, "Access-Control-Allow-Methods"))
          .contains("get", "post", "put", "delete");
      assertThat(list(headers, "Access-Control-Allow-Headers"))
          .contains("content-type", "authorization", "last-event-id")
          .doesNotContain("x-custom");
      assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
      assertThat(list(headers, "Vary")).contains("origin");
    }
    Api.Response delete = preflight(api, "/admin-api/contexts/x", APP, "DELETE", "authorization");
    assertThat(delete.status()).isEqualTo(204);
    Api.Response privateNetwork =
        api.send(
            preflightRequest(api, "/jsonrpc", APP, "POST", "content-type")
                .header("Access-Control-Request-Private-Network", "true"));
    assertThat(privateNetwork.raw().headers().firstValue("Access-Control-Allow-Private-Network"))
        .contains("true");
  }

  @Test
  void theAnswersToAnAllowedOriginNameItAndThoseToOthersNameNoOrigin() {
    node = TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of(APP)));
    Api api = node.api;
    String context = api.createKvContext();
    Api.Response allowed = post(api, APP, context);
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    Api.Response refused = post(api, EVIL, context);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(corsHeaders(refused.raw().headers())).isEmpty();
    Api.Response noOrigin = api.get("/admin-api/contexts");
    assertThat(corsHeaders(noOrigin.raw().headers())).isEmpty();
    Api.Response sse =
        api.send(
            api.request("/sse/session/none").header("Origin", APP).header("Accept", "*/*").GET());
    assertThat(sse.raw().headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(api.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .as("only the allowed origin's call ran")
        .isEqualTo(1);
  }

  @Test
  void aPreflightWithAHostThatIsNoNameOfTheNodeIsRefusedWithoutAnyGrant() throws IOException {
    node = TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of(APP)));
    int port = node.url.getPort();
    String evilHost = "rebound.evil.example:" + port;
    String answer =
        RawHttp.exchange(
            port,
            "OPTIONS /jsonrpc HTTP/1.1\r\nHost: "
                + evilHost
                + "\r\nOrigin: http://"
                + evilHost
                + "\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 421").contains("\"host\"");
    assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("access-control-allow");
  }

  private static Api.Response preflight(
      Api api, String path, String origin, String method, String headers) {
    return api.send(preflightRequest(api, path, origin, method, headers));
  }

  private static HttpRequest.Builder preflightRequest(
      Api api, String path, String origin, String method, String headers) {
    return api.request(path)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", headers)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
  }

  private static Api.Response post(Api api, String origin, String context) {
    String call = Api.setCall(context);
    return api.send(
        api.request("/jsonrpc")
            .header("Origin", origin)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(call)));
  }

  private static List<String> corsHeaders(HttpHeaders headers) {
    return headers.map().keySet().stream()
        .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
        .toList();
  }

  /** The comma-separated values of a header, lower case. */
  private static List<String> list(HttpHeaders headers, String name) {
    return headers.allValues(name).stream()
        .flatMap(value -> List.of(value.split(",")).stream())
        .map(value -> value.trim().toLowerCase(Locale.ROOT))
        .toList();
  }
}
