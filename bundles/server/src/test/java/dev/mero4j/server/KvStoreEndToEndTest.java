package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.SseClient;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.server.testing.WsClient;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runtime (Chicory, CRDT state) running the prebuilt kv-store app behind the API. */
class KvStoreEndToEndTest {
  static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");

  @TempDir static Path dir;
  static StorageEngine storage;
  static ApiServer server;
  static Api api;

  @BeforeAll
  static void start() {
    storage = new MemoryStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    server = new ApiServer(ApiServerConfig.loopback(0), apps, contexts, TestNode.nodeInfo());
    URI url = server.start();
    server.setReady(true);
    api = new Api(url);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    storage.close();
  }

  @Test
  void installCreateSetGetAndSubscribersSeeInserted() throws Exception {
    Api.Response installed =
        api.post("/admin-api/applications?source=kv-store.wasm", Files.readAllBytes(KV_STORE));
    assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    String app = installed.data().get("applicationId").asText();
    assertThat(
            api.get("/admin-api/applications/" + app + "/abi")
                .data()
                .get("methods")
                .findValuesAsText("name"))
        .contains("set", "get");
    Api.Response created =
        api.post(
            "/admin-api/contexts",
            "{\"applicationId\":\"" + app + "\",\"initializationParams\":{}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String context = created.data().get("contextId").asText();

    try (WsClient ws = WsClient.connect(server.url(), null, null);
        SseClient sse = SseClient.open(api, "/sse?contextIds=" + context, null)) {
      ws.send(
          "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"contextIds\":[\"" + context + "\"]}}");
      assertThat(ws.next().get("id").asInt()).isEqualTo(1);
      sse.next();

      Api.Response set = api.execute(context, "set", "{\"key\":\"greeting\",\"value\":\"hello\"}");
      assertThat(set.json().has("error")).as(set.text()).isFalse();
      Api.Response get = api.execute(context, "get", "{\"key\":\"greeting\"}");
      assertThat(get.json().get("result").get("output").asText()).isEqualTo("hello");

      JsonNode pushed = ws.next();
      assertThat(pushed.get("id").isNull()).isTrue();
      assertThat(pushed.get("result").get("type").asText()).isEqualTo("StateMutation");
      JsonNode event = pushed.get("result").get("data").get("events").get(0);
      assertThat(event.get("kind").asText()).isEqualTo("Inserted");
      assertThat(event.get("data").toString()).contains("greeting");
      assertThat(
              Api.parse(sse.next().data())
                  .get("result")
                  .get("data")
                  .get("events")
                  .get(0)
                  .get("kind")
                  .asText())
          .isEqualTo("Inserted");
    }

    JsonNode info = api.get("/admin-api/contexts/" + context).data();
    assertThat(info.get("dagHeads").size()).isGreaterThanOrEqualTo(1);
    JsonNode missing = api.execute(context, "no_such_method", "{}").json().get("error");
    assertThat(missing.get("data").get("type").asText()).isEqualTo("MethodNotFound");
  }
}
