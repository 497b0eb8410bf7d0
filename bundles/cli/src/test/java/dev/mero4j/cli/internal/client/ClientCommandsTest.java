package dev.mero4j.cli.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.cli.Main;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a running API server, through the real command line. */
class ClientCommandsTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private TestNode node;
  private String url;

  @BeforeEach
  void start() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    node = TestNode.start();
    url = node.url.toString();
  }

  @AfterEach
  void stop() {
    node.close();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void installCreateCallListAndStatus() throws Exception {
    Path wasm = dir.resolve("kv_store.wasm");
    Files.write(wasm, FakeKvRuntime.KV_STORE);
    String app = run(0, "app", "install", wasm.toString(), "--node", url);
    assertThat(app).matches("[1-9A-HJ-NP-Za-km-z]{32,44}");
    assertThat(run(0, "app", "list", "--node", url)).contains(app).contains("kv-store");

    String context = run(0, "context", "create", "--app", app, "--node", url);
    assertThat(run(0, "context", "list", "--node", url)).contains(context);
    assertThat(run(0, "context", "list", "--node", url, "--json")).startsWith("[");

    assertThat(
            run(
                0,
                "call",
                "--context",
                context,
                "set",
                "--args",
                "{\"key\":\"a\",\"value\":\"1\"}",
                "--node",
                url))
        .isEqualTo("null");
    assertThat(
            run(0, "call", "--context", context, "get", "--args", "{\"key\":\"a\"}", "--node", url))
        .isEqualTo("\"1\"");
    assertThat(run(0, "call", "--context", context, "entries", "--node", url, "--json"))
        .isEqualTo("{\"a\":\"1\"}");

    JsonNode status = new ObjectMapper().readTree(run(0, "status", "--node", url, "--json"));
    assertThat(status.get("health").asText()).isEqualTo("alive");
    assertThat(status.get("contexts").asInt()).isEqualTo(1);
    assertThat(run(0, "status", "--node", url)).contains("identity").contains("offline");
  }

  @Test
  void callErrorsExitNonZeroWithOneLine() {
    String context = node.api.createKvContext();
    run(1, "call", "--context", context, "fail", "--node", url);
    assertThat(err.toString())
        .contains("error: ")
        .contains("AppError")
        .contains("NotFound")
        .doesNotContain("\tat ");
    err.reset();
    run(1, "call", "--context", "11111111111111111111111111111111", "get", "--node", url);
    assertThat(err.toString()).contains("ContextNotFound");
    err.reset();
    run(2, "call", "--context", context, "get", "--args", "{not json", "--node", url);
    assertThat(err.toString()).contains("--args is not valid JSON");
  }

  @Test
  void contextStatusShowsSyncStateRootAndHeads() throws Exception {
    String context = node.api.createKvContext();
    run(
        0,
        "call",
        "--context",
        context,
        "set",
        "--args",
        "{\"key\":\"a\",\"value\":\"1\"}",
        "--node",
        url);
    JsonNode status =
        new ObjectMapper()
            .readTree(run(0, "context", "status", "--context", context, "--node", url, "--json"));
    JsonNode listed =
        new ObjectMapper().readTree(run(0, "context", "list", "--node", url, "--json")).get(0);
    assertThat(status.path("sync").path("syncState").path("state").asText()).isNotBlank();
    assertThat(status.get("rootHash").asText()).isEqualTo(listed.get("rootHash").asText());
    assertThat(status.get("dagHeads").size()).isEqualTo(listed.get("dagHeads").size()).isPositive();
    assertThat(run(0, "context", "status", "--context", context, "--node", url))
        .contains("sync ")
        .contains("root hash     " + listed.get("rootHash").asText());
    run(1, "context", "status", "--context", "11111111111111111111111111111111", "--node", url);
    assertThat(err.toString()).contains("error: ").doesNotContain("\tat ");
  }

  @Test
  void inviteJoinMembersSetRoleRemoveAndRevoke() throws Exception {
    String context = node.api.createKvContext();
    String invitation =
        run(
            0,
            "context",
            "invite",
            "--context",
            context,
            "--role",
            "read-only",
            "--expires",
            "12h",
            "--node",
            url);
    assertThat(invitation).isNotBlank().doesNotContain("\n");
    assertThat(run(0, "context", "join", invitation, "--node", url)).isEqualTo(context);

    JsonNode members =
        new ObjectMapper()
            .readTree(run(0, "context", "members", "--context", context, "--node", url, "--json"));
    assertThat(members).hasSize(2);
    String joined = members.get(1).get("publicKey").asText();
    assertThat(members.get(1).get("role").asText()).isEqualTo("read-only");
    assertThat(run(0, "context", "members", "--context", context, "--node", url))
        .contains("(this node)")
        .contains(joined);

    assertThat(run(0, "context", "set-role", "--context", context, joined, "member", "--node", url))
        .endsWith("is now member");
    assertThat(run(0, "context", "remove-member", "--context", context, joined, "--node", url))
        .isEqualTo("removed " + joined);
    run(1, "context", "remove-member", "--context", context, joined, "--node", url);
    assertThat(err.toString()).contains("MemberNotFound");

    err.reset();
    run(1, "context", "join", invitation, "--node", url);
    assertThat(err.toString())
        .contains("InvitationRefused")
        .contains("REUSED")
        .doesNotContain("\tat ");

    String pending = run(0, "context", "invite", "--context", context, "--node", url);
    assertThat(run(0, "context", "revoke-invitation", "--context", context, pending, "--node", url))
        .isEqualTo("revoked");
    run(2, "context", "invite", "--context", context, "--expires", "soon", "--node", url);
    assertThat(err.toString()).contains("not a duration");
  }

  @Test
  void unreachableNodeIsAClearError() {
    run(1, "app", "list", "--node", "http://127.0.0.1:1");
    assertThat(err.toString()).contains("cannot reach a node at http://127.0.0.1:1");
  }

  @Test
  void watchPrintsEventsAsTheyArrive() {
    String context = node.api.createKvContext();
    CompletableFuture<Integer> watch =
        CompletableFuture.supplyAsync(
            () -> Main.execute("watch", "--context", context, "--count", "2", "--node", url));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.api.get("/metrics").text().contains("mero4j_sse_streams 1.0"));
    node.api.execute(context, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    node.api.execute(context, "remove", "{\"key\":\"k\"}");
    assertThat(watch.join()).isZero();
    assertThat(out.toString())
        .contains("StateMutation")
        .contains("Inserted {\"key\":\"k\",\"value\":\"v\"}")
        .contains("Removed");
  }

  @Test
  void homeFindsTheNodeFromConfigToml() {
    Path home = dir.resolve("home");
    assertThat(
            Main.execute(
                "init",
                "--home",
                home.toString(),
                "--server-port",
                Integer.toString(node.url.getPort())))
        .isZero();
    out.reset();
    assertThat(run(0, "app", "list", "--home", home.toString()))
        .isEqualTo("no applications installed");
  }

  @Test
  void peersAndNetworkCommandsShowTheNodeAndReportRefusalsClearly() {
    assertThat(run(0, "peers", "--node", url))
        .contains("1 peers")
        .contains("12D3KooWOther  /ip4/127.0.0.1/tcp/2429  unknown  direct  -");
    assertThat(run(0, "peers", "--node", url, "--json")).contains("\"direction\":\"unknown\"");
    assertThat(run(0, "network", "status", "--node", url))
        .isEqualTo("network       offline (no transport)");
    assertThat(run(0, "network", "status", "--node", url, "--json"))
        .contains("\"reachability\":\"unknown\"")
        .contains("\"routingTableSize\":0");

    err.reset();
    run(1, "peers", "connect", "hello", "--node", url);
    assertThat(err.toString()).contains("multiaddr").contains("hello");
    err.reset();
    run(1, "peers", "connect", "/ip4/192.0.2.1/tcp/1", "--node", url);
    assertThat(err.toString()).contains("runs without a transport");
    err.reset();
    run(2, "peers", "connect", "/ip4/192.0.2.1/tcp/1", "--timeout", "soon", "--node", url);
    err.reset();
    run(1, "peers", "disconnect", "12D3KooWNobody", "--node", url);
    assertThat(err.toString()).contains("not connected to 12D3KooWNobody");
  }

  private String run(int expectedExit, String... args) {
    out.reset();
    int exit = Main.execute(args);
    assertThat(exit).as(String.join(" ", args) + "\nstderr: " + err).isEqualTo(expectedExit);
    return out.toString().strip();
  }
}
