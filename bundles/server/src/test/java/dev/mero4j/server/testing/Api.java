package dev.mero4j.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small HTTP client for tests: JSON in, status and parsed JSON out. */
public final class Api {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private volatile String token;

  public Api(URI base) {
    this.base = base;
  }

  /** A response: status, body text and the body parsed as JSON (null if it is not JSON). */
  public record Response(int status, String text, JsonNode json, HttpResponse<String> raw) {
    public JsonNode data() {
      return json.get("data");
    }

    public JsonNode error() {
      return json.get("error");
    }
  }

  public Api withToken(String newToken) {
    Api api = new Api(base);
    api.token = newToken;
    return api;
  }

  /** The access token this client sends, if any. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  public URI base() {
    return base;
  }

  public HttpClient http() {
    return http;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response post(String path, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Response send(String method, String path, String body) {
    HttpRequest.Builder request = request(path);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(
        request.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON-RPC call with a numeric id; returns the whole response envelope. */
  public Response rpc(String method, JsonNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", 1);
    request.put("method", method);
    request.set("params", params);
    return post("/jsonrpc", request.toString());
  }

  public Response execute(String contextId, String method, String argsJson) {
    ObjectNode params = JSON.createObjectNode();
    params.put("contextId", contextId);
    params.put("method", method);
    params.set("argsJson", parse(argsJson));
    return rpc("execute", params);
  }

  /**
   * The JSON-RPC body of a kv-store {@code set k=v} on {@code contextId}, as a page would send it.
   */
  public static String setCall(String contextId) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"execute\",\"params\":{\"contextId\":\""
        + contextId
        + "\",\"method\":\"set\",\"argsJson\":{\"key\":\"k\",\"value\":\"v\"}}}";
  }

  /** Installs the kv-store stand-in and creates a context; returns the context id. */
  public String createKvContext() {
    Response installed = post("/admin-api/applications", FakeKvRuntime.KV_STORE);
    String app = installed.data().get("applicationId").asText();
    Response created =
        post(
            "/admin-api/contexts",
            "{\"applicationId\":\"" + app + "\",\"initializationParams\":{}}");
    return created.data().get("contextId").asText();
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    Optional.ofNullable(token).ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(), response.body(), tryParse(response.body()), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tryParse(String text) {
    try {
      return text == null || text.isEmpty() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
