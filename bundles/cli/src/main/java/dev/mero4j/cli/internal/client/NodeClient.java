package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The node's HTTP API as the command line uses it; failures become one-line {@link
 * ClientException}s.
 */
public final class NodeClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Time allowed for one request; uploads and calls of slow methods included. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  NodeClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public URI base() {
    return base;
  }

  /** GET a REST route and return its {@code data}. */
  public JsonNode get(String path) {
    return data(send(request(path).GET()));
  }

  /** POST JSON to a REST route and return its {@code data}. */
  public JsonNode post(String path, JsonNode body) {
    return data(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
  }

  /** PUT JSON to a REST route and return its {@code data}. */
  JsonNode put(String path, JsonNode body) {
    return data(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))));
  }

  /** DELETE a REST resource and return its {@code data}. */
  JsonNode delete(String path) {
    return data(send(request(path).DELETE()));
  }

  /** POST raw bytes, reporting progress as bytes are sent. */
  JsonNode upload(String path, byte[] bytes, Consumer<Long> progress) {
    return data(
        send(
            request(path)
                .header("Content-Type", "application/octet-stream")
                .POST(ProgressPublisher.of(bytes, progress))));
  }

  /** PUT a file's bytes as a stream (no overall timeout), reporting progress as bytes are sent. */
  JsonNode uploadFile(String path, java.nio.file.Path file, Consumer<Long> progress)
      throws IOException {
    HttpRequest.Builder request =
        authorized(path)
            .header("Content-Type", "application/octet-stream")
            .PUT(ProgressPublisher.ofFile(file, progress));
    return data(send(request));
  }

  /** GET a binary resource as a stream (no overall timeout); an error answer is thrown. */
  HttpResponse<InputStream> download(String path) {
    try {
      HttpResponse<InputStream> response =
          http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream body = response.body()) {
          String text = new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          throw failure(parse(text, response.statusCode()).path("error"));
        }
      }
      return response;
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }

  private HttpRequest.Builder authorized(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** A JSON-RPC call; returns {@code result} or throws with the error's message and type. */
  JsonNode rpc(String method, ObjectNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", 1);
    request.put("method", method);
    request.set("params", params);
    JsonNode response =
        send(
            request("/jsonrpc")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
    if (response.hasNonNull("error")) {
      throw failure(response.get("error"));
    }
    return response.get("result");
  }

  /** Opens a streaming GET with {@code Accept: text/event-stream}. */
  InputStream stream(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream").GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream body = response.body()) {
          throw failure(
              parse(
                      new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                      response.statusCode())
                  .path("error"));
        }
      }
      return response.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = parse(response.body(), response.statusCode());
      if (response.statusCode() >= 400 && !body.has("jsonrpc")) {
        throw failure(body.path("error"));
      }
      return body;
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }

  private static JsonNode data(JsonNode body) {
    return body.path("data");
  }

  private JsonNode parse(String text, int status) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new ClientException(
          "the node at " + base + " answered HTTP " + status + " with something that is not JSON");
    }
  }

  private static ClientException failure(JsonNode error) {
    String type = error.path("data").path("type").asText(error.path("type").asText("Error"));
    StringBuilder message =
        new StringBuilder(error.path("message").asText("request failed"))
            .append(" (")
            .append(type)
            .append(')');
    if (error.path("data").has("value")) {
      message.append(": ").append(error.path("data").get("value"));
    }
    if (error.path("data").has("reason")) {
      message.append(", reason ").append(error.path("data").get("reason").asText());
    }
    return new ClientException(message.toString());
  }

  private ClientException unreachable(IOException e) {
    if (e instanceof ConnectException) {
      return new ClientException(
          "cannot reach a node at " + base + "; is it running? (mero4j run --home …)", e);
    }
    return new ClientException("request to " + base + " failed: " + e, e);
  }
}
