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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state browser, the diff to a delta's parents and the time-travel admin routes over real HTTP
 * with auth on: the real runtime (MapDB files, Chicory) running the prebuilt kv-store app. The REST
 * routes answer the JSON-RPC results under {@code data}.
 */
class StateBrowserApiTest {
  static final String PASSWORD = "correct horse battery";

  @TempDir static Path dir;
  static StorageEngine storage;
  static ApiServer server;
  static Api anonymous;
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
    AdminCredential credential =
        AdminCredential.create("admin", PASSWORD.toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ApiServerConfig config =
        ApiServerConfig.loopback(0).withAuth(ApiServerConfig.AuthSettings.of(credential, secret));
    server =
        new ApiServer(
            config, apps, contexts, TestNode.nodeInfo(), Clock.systemUTC(), new Random(3));
    anonymous = new Api(server.start());
    server.setReady(true);
    String token =
        anonymous
            .post("/auth/token", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
            .data()
            .get("accessToken")
            .asText();
    api = anonymous.withToken(token);
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
            "{\"key\":\"b\",\"value\":\"2\"}",
            "{\"key\":\"c\",\"value\":\"3\"}")) {
      assertThat(api.execute(context, "set", args).json().has("error")).isFalse();
      deltas.add(head());
    }
    assertThat(api.execute(context, "remove", "{\"key\":\"a\"}").json().has("error")).isFalse();
    deltas.add(head());
  }

  private static String head() {
    return api.get("/admin-api/contexts/" + context).data().get("dagHeads").get(0).asText();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    storage.close();
  }

  private static ObjectNode params() {
    return Api.JSON.createObjectNode().put("contextId", context);
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void theRootAndACollectionOverJsonRpcAndRestAlike() {
    JsonNode root = api.rpc("context_state", params()).json().get("result");
    assertThat(root.get("contextId").asText()).isEqualTo(context);
    assertThat(root.get("at").isNull()).isTrue();
    assertThat(root.get("path").asText()).isEmpty();
    assertThat(root.at("/collections/0/name").asText()).isEqualTo("items");
    assertThat(root.at("/collections/0/type").asText()).isEqualTo("UNORDERED_MAP");
    assertThat(root.at("/collections/0/size").asInt()).isEqualTo(2);
    assertThat(api.get("/admin-api/contexts/" + context + "/state").data()).isEqualTo(root);

    JsonNode items = api.rpc("context_state", params().put("path", "items")).json().get("result");
    assertThat(items.get("type").asText()).isEqualTo("UNORDERED_MAP");
    assertThat(items.get("nextCursor").isNull()).isTrue();
    JsonNode entries = items.get("entries");
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).get("key").asText()).isEqualTo("a");
    assertThat(entries.get(0).get("deleted").asBoolean()).isTrue();
    assertThat(entries.get(1).get("key").asText()).isEqualTo("b");
    assertThat(entries.get(1).get("deleted").asBoolean()).isFalse();
    assertThat(entries.get(1).get("type").asText()).isEqualTo("LWW_REGISTER");
    assertThat(entries.get(1).get("value").asText()).contains("2");
    assertThat(entries.get(1).get("size").isNull()).isTrue();
    assertThat(entries.get(1).get("hlc").asText()).matches("[0-9]+");
    String member = api.get("/admin-api/contexts/" + context + "/identities").data().toString();
    assertThat(member).contains(entries.get(1).get("author").asText());
    assertThat(api.get("/admin-api/contexts/" + context + "/state?path=items").data())
        .isEqualTo(items);

    JsonNode page = api.get("/admin-api/contexts/" + context + "/state?path=items&limit=2").data();
    assertThat(page.get("entries")).hasSize(2);
    String cursor = page.get("nextCursor").asText();
    JsonNode rest =
        api.get("/admin-api/contexts/" + context + "/state?path=items&limit=2&cursor=" + q(cursor))
            .data();
    assertThat(rest.at("/entries/0/key").asText()).isEqualTo("c");
    assertThat(rest.get("nextCursor").isNull()).isTrue();

    JsonNode past =
        api.get("/admin-api/contexts/" + context + "/state?path=items&at=" + deltas.get(0)).data();
    assertThat(past.get("at").asText()).isEqualTo(deltas.get(0));
    assertThat(past.get("entries")).hasSize(1);
    assertThat(past.at("/entries/0/deleted").asBoolean()).isFalse();
  }

  @Test
  void historyDiffAndDeltaDiffOverRestMatchJsonRpc() {
    JsonNode history = api.rpc("context_history", params().put("limit", 2)).json().get("result");
    assertThat(api.get("/admin-api/contexts/" + context + "/history?limit=2").data())
        .isEqualTo(history);
    String next = history.get("next").asText();
    assertThat(
            api.get("/admin-api/contexts/" + context + "/history?limit=2&cursor=" + q(next))
                .data()
                .at("/deltas/0/id")
                .asText())
        .isEqualTo(deltas.get(1));

    JsonNode diff =
        api.rpc("context_diff", params().put("from", deltas.get(0)).put("to", deltas.get(3)))
            .json()
            .get("result");
    assertThat(
            api.get(
                    "/admin-api/contexts/"
                        + context
                        + "/diff?from="
                        + deltas.get(0)
                        + "&to="
                        + deltas.get(3))
                .data())
        .isEqualTo(diff);

    JsonNode own =
        api.rpc("context_delta_diff", params().put("delta", deltas.get(1))).json().get("result");
    assertThat(own.get("from").isNull()).isTrue();
    assertThat(own.get("to").asText()).isEqualTo(deltas.get(1));
    assertThat(own.at("/parents/0").asText()).isEqualTo(deltas.get(0));
    JsonNode changed = own.get("collections").elements().next();
    assertThat(changed.get("added")).hasSize(1);
    assertThat(changed.at("/added/0/key").asText()).isEqualTo("b");
    assertThat(changed.get("removed")).isEmpty();
    assertThat(
            api.get("/admin-api/contexts/" + context + "/dag/deltas/" + deltas.get(1) + "/diff")
                .data())
        .isEqualTo(own);
  }

  @Test
  void badInputAndAWrongTokenGetClearErrors() {
    String base = "/admin-api/contexts/" + context;
    for (String path : List.of("/state", "/history", "/dag/deltas/" + deltas.get(0) + "/diff")) {
      Api.Response refused = anonymous.withToken("not-a-token").get(base + path);
      assertThat(refused.status()).as(path).isEqualTo(401);
      assertThat(anonymous.get(base + path).status()).as(path).isEqualTo(401);
    }
    assertThat(api.get(base + "/state?limit=abc").status()).isEqualTo(400);
    Api.Response tooMany = api.get(base + "/state?path=items&limit=1001");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.error().get("code").asInt()).isEqualTo(-32004);
    Api.Response cursor = api.get(base + "/state?path=items&cursor=%21%21");
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(cursor.text()).contains("cursor");
    Api.Response path = api.get(base + "/state?path=nope");
    assertThat(path.status()).isEqualTo(404);
    assertThat(path.error().get("code").asInt()).isEqualTo(-32034);
    String unknown = "11111111111111111111111111111111";
    assertThat(api.get(base + "/state?at=" + unknown).status()).isEqualTo(404);
    assertThat(api.get(base + "/state?at=0OIl").status()).isEqualTo(400);
    assertThat(api.get(base + "/dag/deltas/" + unknown + "/diff").status()).isEqualTo(404);
    assertThat(api.get(base + "/diff?from=" + deltas.get(0)).status()).isEqualTo(400);
    assertThat(api.get(base + "/history?cursor=x,,y").status()).isEqualTo(400);
    String otherContext = "/admin-api/contexts/" + unknown;
    assertThat(api.get(otherContext + "/state").status()).isEqualTo(404);
    assertThat(api.get(otherContext + "/history").error().get("code").asInt()).isEqualTo(-32001);

    JsonNode rpcPath =
        api.rpc("context_state", params().put("path", "items/zz")).json().get("error");
    assertThat(rpcPath.get("code").asInt()).isEqualTo(-32034);
    assertThat(rpcPath.at("/data/type").asText()).isEqualTo("PathNotFound");
    JsonNode rpcLimit = api.rpc("context_state", params().put("limit", "ten")).json().get("error");
    assertThat(rpcLimit.get("code").asInt()).isEqualTo(-32602);
    JsonNode rpcField =
        api.rpc("context_delta_diff", params().put("delta", deltas.get(0)).put("x", 1))
            .json()
            .get("error");
    assertThat(rpcField.get("code").asInt()).isEqualTo(-32602);
  }
}
