package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.RawOutputApp;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever bytes a real WASM app hands back, the JSON-RPC response stays one valid document. */
class AppOutputTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir static java.nio.file.Path dir;
  static StorageEngine storage;
  static ApiServer server;
  static Api api;
  static String context;

  @BeforeAll
  static void start() {
    storage = new MemoryStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    server = new ApiServer(ApiServerConfig.loopback(0), apps, contexts, TestNode.nodeInfo());
    api = new Api(server.start());
    server.setReady(true);
    byte[] wasm =
        new RawOutputApp()
            .returning("fine", utf8("{\"fine\":[1,\"two\"]}"))
            .returning("not_json", utf8("hello"))
            .returning("trailing", utf8("{\"a\":1}}"))
            .returning("bad_utf8", new byte[] {'"', (byte) 0xFF, '"'})
            .failing("error_not_json", utf8("oops"))
            .claiming("huge", Integer.MAX_VALUE)
            .wasm();
    Api.Response installed = api.post("/admin-api/applications?source=raw.wasm", wasm);
    assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    String app = installed.data().get("applicationId").asText();
    Api.Response created =
        api.post(
            "/admin-api/contexts",
            "{\"applicationId\":\"" + app + "\",\"initializationParams\":{}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    context = created.data().get("contextId").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    storage.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The response body parsed strictly: one JSON document, a JSON-RPC 2.0 envelope with id 1. */
  private static JsonNode call(String method) {
    Api.Response response = api.execute(context, method, "{}");
    JsonNode body;
    try {
      body = STRICT.readTree(response.text());
    } catch (IOException e) {
      throw new AssertionError(
          "malformed JSON-RPC response for " + method + ": " + response.text(), e);
    }
    assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(body.get("id").asInt()).isEqualTo(1);
    return body;
  }

  private static JsonNode error(String method) {
    JsonNode body = call(method);
    assertThat(body.has("result")).as(body.toString()).isFalse();
    return body.get("error");
  }

  @Test
  void jsonOutputIsReturnedAsJson() {
    JsonNode output = call("fine").get("result").get("output");
    assertThat(output.toString()).isEqualTo("{\"fine\":[1,\"two\"]}");
  }

  @Test
  void outputThatIsNotJsonIsAnExecutionFailure() {
    JsonNode error = error("not_json");
    assertThat(error.get("code").asInt()).isEqualTo(-32006);
    assertThat(error.get("data").get("type").asText()).isEqualTo("ExecutionFailed");
    assertThat(error.get("message").asText()).contains("not_json").contains("not JSON");
  }

  @Test
  void outputWithTrailingBytesAfterTheJsonValueIsAnExecutionFailure() {
    JsonNode error = error("trailing");
    assertThat(error.get("code").asInt()).isEqualTo(-32006);
    assertThat(error.get("message").asText()).contains("not JSON");
  }

  @Test
  void outputThatIsNotUtf8IsAnExecutionFailureNotReplacementCharacters() {
    JsonNode error = error("bad_utf8");
    assertThat(error.get("code").asInt()).isEqualTo(-32006);
    assertThat(error.get("message").asText()).contains("UTF-8");
  }

  @Test
  void anErrorValueThatIsNotJsonIsAnExecutionFailure() {
    JsonNode error = error("error_not_json");
    assertThat(error.get("code").asInt()).isEqualTo(-32006);
    assertThat(error.get("message").asText()).contains("error value").contains("not JSON");
  }

  @Test
  void outputOverTheReturnLimitIsALimitError() {
    JsonNode error = error("huge");
    assertThat(error.get("code").asInt()).isEqualTo(-32007);
    assertThat(error.get("data").get("type").asText()).isEqualTo("LimitExceeded");
  }
}
