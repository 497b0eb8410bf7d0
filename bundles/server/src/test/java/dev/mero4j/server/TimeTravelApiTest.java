package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel over real HTTP: the real runtime (MapDB files, Chicory) running the prebuilt kv-store
 * app; {@code execute} with {@code at}, {@code context_history} and {@code context_diff}, and their
 * typed errors.
 */
class TimeTravelApiTest {
  @TempDir static Path dir;
  static StorageEngine storage;
  static ApiServer server;
  static Api api;
  static String context;
  static final List<String> deltas = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    storage = new MapDbStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    server = new ApiServer(ApiServerConfig.loopback(0), apps, contexts, TestNode.nodeInfo());
    URI url = server.start();
    server.setReady(true);
    api = new Api(url);
    String app =
        api.post(
                "/admin-api/applications?source=kv-store.wasm",
                Files.readAllBytes(KvStoreEndToEndTest.KV_STORE))
            .data()
            .get("applicationId")
            .asText();
    context =
        api.post(
                "/admin-api/contexts",
                "{\"applicationId\":\"" + app + "\",\"initializationParams\":{}}")
            .data()
            .get("contextId")
            .asText();
    for (String args :
        List.of(
            "{\"key\":\"a\",\"value\":\"1\"}",
            "{\"key\":\"a\",\"value\":\"2\"}",
            "{\"key\":\"b\",\"value\":\"3\"}")) {
      assertThat(api.execute(context, "set", args).json().has("error")).isFalse();
      deltas.add(api.get("/admin-api/contexts/" + context).data().get("dagHeads").get(0).asText());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    storage.close();
  }

  private static JsonNode executeAt(String at, String method, String args) {
    ObjectNode params = Api.JSON.createObjectNode();
    params.put("contextId", context);
    params.put("method", method);
    params.set("argsJson", Api.parse(args));
    params.put("at", at);
    return api.rpc("execute", params).json();
  }

  @Test
  void executeAtReadsThePastStateAndTheLiveStateStays() {
    assertThat(executeAt(deltas.get(0), "get", "{\"key\":\"a\"}").at("/result/output").asText())
        .isEqualTo("1");
    assertThat(executeAt(deltas.get(1), "get", "{\"key\":\"a\"}").at("/result/output").asText())
        .isEqualTo("2");
    assertThat(executeAt(deltas.get(1), "get", "{\"key\":\"b\"}").at("/result/output").isNull())
        .isTrue();
    assertThat(api.execute(context, "get", "{\"key\":\"a\"}").json().at("/result/output").asText())
        .isEqualTo("2");
  }

  @Test
  void badAtGetsATypedError() {
    JsonNode malformed = executeAt("not-base58-0OIl", "get", "{\"key\":\"a\"}").get("error");
    assertThat(malformed.get("code").asInt()).isEqualTo(-32602);
    assertThat(malformed.toString()).contains("'at'");

    String unknown = "11111111111111111111111111111111";
    JsonNode missing = executeAt(unknown, "get", "{\"key\":\"a\"}").get("error");
    assertThat(missing.get("code").asInt()).isEqualTo(-32030);
    assertThat(missing.at("/data/type").asText()).isEqualTo("DeltaNotFound");

    JsonNode write = executeAt(deltas.get(0), "set", "{\"key\":\"a\",\"value\":\"x\"}");
    assertThat(write.at("/error/code").asInt()).isEqualTo(-32031);
    assertThat(write.at("/error/data/type").asText()).isEqualTo("ReadOnlyRequired");
    assertThat(api.execute(context, "get", "{\"key\":\"a\"}").json().at("/result/output").asText())
        .as("the refused write changed nothing")
        .isEqualTo("2");
  }

  @Test
  void historyPagesAndDiffOverJsonRpc() {
    ObjectNode params = Api.JSON.createObjectNode().put("contextId", context).put("limit", 2);
    JsonNode first = api.rpc("context_history", params).json().get("result");
    assertThat(first.get("deltas")).hasSize(2);
    assertThat(first.at("/deltas/0/id").asText()).isEqualTo(deltas.get(2));
    assertThat(first.at("/deltas/0/parents/0").asText()).isEqualTo(deltas.get(1));
    assertThat(first.at("/deltas/0/actions").size()).isPositive();
    assertThat(first.at("/deltas/0/author").asText()).isNotEmpty();
    JsonNode second =
        api.rpc("context_history", params.put("cursor", first.get("next").asText()))
            .json()
            .get("result");
    assertThat(second.at("/deltas/0/id").asText()).isEqualTo(deltas.get(0));
    assertThat(second.at("/deltas/0/seq").asLong()).isLessThan(first.at("/deltas/1/seq").asLong());

    ObjectNode bad = Api.JSON.createObjectNode().put("contextId", context).put("cursor", "x,,y");
    assertThat(api.rpc("context_history", bad).json().at("/error/code").asInt()).isEqualTo(-32004);

    ObjectNode diff =
        Api.JSON
            .createObjectNode()
            .put("contextId", context)
            .put("from", deltas.get(0))
            .put("to", deltas.get(2));
    JsonNode result = api.rpc("context_diff", diff).json().get("result");
    assertThat(result.get("truncated").asBoolean()).isFalse();
    JsonNode items = result.get("collections").elements().next();
    assertThat(items.get("added")).hasSize(1);
    assertThat(items.get("changed")).hasSize(1);
    assertThat(items.get("removed")).isEmpty();
  }
}
