package dev.mero4j.node.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.primitives.ContextId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin REST routes of provider swaps, served by a real node. */
class ProviderAdminApiTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void listSwapAndFollowTheJobOverHttp() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      f.start();
      ContextId ctx = f.createKvStore();
      f.set(ctx, "a", "1");
      String base = f.node.status().orElseThrow().addresses().get(0);

      JsonNode list = send(base, "GET", "/admin-api/providers", null, 200);
      assertThat(list.toString())
          .contains(
              "\"capability\":\"storage\",\"active\":\"mapdb\"", "\"wasm\"", "rocksdb", "wasmtime");

      JsonNode started =
          send(base, "POST", "/admin-api/providers/storage/swap", "{\"to\":\"rocksdb\"}", 202)
              .get("data");
      String id = started.get("id").asText();
      assertThat(started.get("from").asText()).isEqualTo("mapdb");
      JsonNode finished =
          await()
              .atMost(Duration.ofMinutes(1))
              .until(
                  () -> send(base, "GET", "/admin-api/providers/jobs/" + id, null, 200).get("data"),
                  job -> job.get("finished").asBoolean());
      assertThat(finished.get("phase").asText()).as(finished.toString()).isEqualTo("DONE");
      assertThat(send(base, "GET", "/admin-api/providers", null, 200).toString())
          .contains("\"capability\":\"storage\",\"active\":\"rocksdb\"");
      assertThat(f.get(ctx, "a")).contains("1");

      assertThat(
              send(base, "POST", "/admin-api/providers/storage/swap", "{\"to\":\"rocksdb\"}", 409)
                  .toString())
          .contains("ProviderConflict");
      send(base, "POST", "/admin-api/providers/storage/swap", "{\"to\":\"leveldb\"}", 404);
      send(base, "POST", "/admin-api/providers/chain/swap", "{\"to\":\"x\"}", 404);
      send(base, "POST", "/admin-api/providers/storage/swap", "{}", 400);
      send(base, "GET", "/admin-api/providers/jobs/swap-99", null, 404);
    }
  }

  private JsonNode send(String base, String method, String path, String body, int status)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    return json.readTree(response.body());
  }
}
