package dev.mero4j.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.server.AuthFile;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium (Debian's, driven by the pinned playwright-core) against
 * real nodes: three nodes over libp2p on loopback share a kv-store context; the dashboard of the
 * first (auth on) shows a delta written on the second arrive in its live DAG view, shows its
 * details, the state at that cut and the diff to its parents when clicked, and swaps the storage
 * provider with progress. A wrong or missing token gets a 401 page and no data. Screenshots go to
 * target/dashboard-screenshots.
 */
class DashboardBrowserTest {
  static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");
  static final Path SHOTS = Path.of("target/dashboard-screenshots").toAbsolutePath();
  private static final String PASSWORD = "dashboard-test-password";
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A value that would run script if the page parsed app data as HTML. */
  private static final String HOSTILE = "<img src=x onerror=window.pwned=1>";

  @TempDir Path dir;

  private final List<Mero4jNode> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardDriver browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    nodes.forEach(Mero4jNode::close);
  }

  @Test
  void aDeltaWrittenOnAnotherNodeAppearsLiveAndASwapShowsProgress() throws Exception {
    startBrowser();
    Mero4jNode a = node("a", "libp2p", List.of(), true);
    String boot = swarmAddress(a);
    Mero4jNode b = node("b", "libp2p", List.of(boot), false);
    Mero4jNode c = node("c", "libp2p", List.of(boot), false);
    ContextService onA = a.contexts().orElseThrow();
    var app = a.applications().orElseThrow().install(Files.readAllBytes(KV_STORE), "kv-store");
    ContextId ctx = onA.create(app.id(), "{}").contextId();
    for (Mero4jNode member : List.of(b, c)) {
      member
          .contexts()
          .orElseThrow()
          .join(onA.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    }
    set(a, ctx, "hello", "from a");
    String base = apiUrl(a);
    String publicKey = a.status().orElseThrow().publicKey();

    for (String url :
        List.of(
            base + "/dashboard",
            base + "/dashboard?token=not.a.token",
            base + "/dashboard?token=")) {
      JsonNode refused = browser.call("goto", "url", url);
      assertThat(refused.path("status").asInt()).as(url).isEqualTo(401);
      assertThat(refused.path("text").asText())
          .as("a clear 401 and nothing else")
          .contains("401", "token")
          .doesNotContain(ctx.toBase58(), publicKey, "kv-store");
    }
    browser.call("screenshot", "path", SHOTS.resolve("dashboard-401.png").toString());
    for (String path :
        List.of(
            "/dashboard/assets/app.js",
            "/admin-api/contexts/" + ctx.toBase58() + "/dag",
            "/admin-api/contexts/" + ctx.toBase58() + "/dag/stream?token=not.a.token")) {
      HttpResponse<String> response = get(base + path);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.body()).doesNotContain(ctx.toBase58(), publicKey);
    }

    String token = login(base);
    JsonNode opened = browser.call("open", "url", base + "/dashboard?token=" + token);
    assertThat(opened.path("status").asInt()).isEqualTo(200);
    JsonNode selected = browser.call("selectContext", "id", ctx.toBase58());
    assertThat(selected.path("members").size()).as(selected.toString()).isEqualTo(3);

    ContextService onB = b.contexts().orElseThrow();
    Set<DeltaId> before = new HashSet<>(onB.get(ctx).orElseThrow().dagHeads());
    set(b, ctx, "written-on-b", "hello from b");
    List<DeltaId> written = new ArrayList<>(onB.get(ctx).orElseThrow().dagHeads());
    written.removeAll(before);
    assertThat(written).hasSize(1);
    String delta = written.get(0).toBase58();
    JsonNode shown = browser.call("waitDelta", "id", delta);
    System.out.printf(
        "delta written on node b shown on node a's dashboard after %d ms%n",
        shown.path("afterMs").asLong());
    JsonNode details = browser.call("clickDelta", "id", delta);
    assertThat(details.path("id").asText()).isEqualTo(delta);
    assertThat(onB.identities(ctx).stream().map(k -> k.toBase58()).toList())
        .as("the author is node b's identity in the context")
        .contains(details.path("author").asText());
    assertThat(details.path("status").asText()).isEqualTo("applied");
    assertThat(details.path("parents").asInt()).isPositive();
    assertThat(details.path("actions").toString()).contains("written-on-b", "hello from b");
    assertThat(details.path("selected").asText()).contains("selected");
    timeTravel(c, ctx, delta);
    browser.call("screenshot", "path", SHOTS.resolve("dashboard.png").toString());

    JsonNode swap = browser.call("swap", "capability", "storage", "to", "rocksdb");
    assertThat(swap.path("active").asText()).as(swap.toString()).isEqualTo("rocksdb");
    List<String> phases = new ArrayList<>();
    swap.path("phases").forEach(p -> phases.add(p.path("phase").asText()));
    System.out.println("swap phases seen on the dashboard: " + swap.path("phases"));
    assertThat(phases).as(swap.toString()).endsWith("DONE");
    assertThat(phases)
        .as("progress shown while the swap ran, not only its end: " + swap)
        .hasSizeGreaterThan(1);
    assertThat(swap.path("text").asText()).contains("mapdb → rocksdb", "DONE");
    browser.call("screenshot", "path", SHOTS.resolve("dashboard-swap.png").toString());
    assertThat(get(a, ctx, "written-on-b")).as("the data moved with the swap").contains("from b");
    assertThat(browser.call("errors").path("errors").toString())
        .as("console errors after the page opened")
        .doesNotContain("TypeError", "ReferenceError", "SyntaxError");
  }

  /**
   * After a later write (on node c), clicking the delta written on b shows the state at that cut
   * (b's write present, the later one absent) and the diff to its parents (b's write added).
   */
  private void timeTravel(Mero4jNode c, ContextId ctx, String delta) throws Exception {
    ContextService onC = c.contexts().orElseThrow();
    await()
        .atMost(WAIT)
        .until(
            () ->
                onC.get(ctx).orElseThrow().dagHeads().stream()
                    .anyMatch(h -> h.toBase58().equals(delta)));
    Set<DeltaId> before = new HashSet<>(onC.get(ctx).orElseThrow().dagHeads());
    set(c, ctx, "later-on-c", HOSTILE);
    List<DeltaId> later = new ArrayList<>(onC.get(ctx).orElseThrow().dagHeads());
    later.removeAll(before);
    assertThat(later).hasSize(1);
    browser.call("waitDelta", "id", later.get(0).toBase58());
    JsonNode cut = browser.call("clickDelta", "id", delta);
    assertThat(cut.path("statePath").asText()).as(cut.toString()).isEmpty();
    assertThat(cut.path("collections").toString()).as(cut.toString()).contains("\"items\"");
    assertThat(cut.path("diff").asText())
        .as("the diff to its parents shows b's write")
        .contains("items", "+", "written-on-b", "hello from b")
        .doesNotContain("later-on-c", "unavailable");
    JsonNode items = browser.call("openState", "path", "items");
    assertThat(items.path("path").asText()).isEqualTo("items");
    assertThat(items.path("text").asText())
        .as("the state at the cut: b's write present, c's later write absent")
        .contains("written-on-b", "hello from b", "from a")
        .doesNotContain("later-on-c", HOSTILE, "unavailable");
    JsonNode latest = browser.call("clickDelta", "id", later.get(0).toBase58());
    assertThat(latest.path("diff").asText()).contains("later-on-c", HOSTILE);
    assertThat(browser.call("openState", "path", "items").path("text").asText())
        .contains("written-on-b", "later-on-c", HOSTILE);
    JsonNode probe = browser.call("probe");
    assertThat(probe.path("images").asInt()).as("app data is shown as text, not markup").isZero();
    assertThat(probe.path("pwned").isNull()).as(probe.toString()).isTrue();
    browser.call("clickDelta", "id", delta);
    browser.call("openState", "path", "items");
  }

  @Test
  void firstPaintWithAThousandContextsFetchesOnePage() throws Exception {
    startBrowser();
    Mero4jNode a = node("solo", "none", List.of(), false);
    ContextService contexts = a.contexts().orElseThrow();
    var app = a.applications().orElseThrow().install(Files.readAllBytes(KV_STORE), "kv-store");
    for (int i = 0; i < 1000; i++) {
      contexts.create(app.id(), "{}");
    }
    String base = apiUrl(a);
    browser.call("open", "url", base + "/dashboard");
    JsonNode timed = browser.call("open", "url", base + "/dashboard");
    assertThat(timed.path("contextRows").asInt()).as(timed.toString()).isEqualTo(50);
    assertThat(timed.path("total").asText()).startsWith("1000");
    System.out.printf(
        "dashboard with 1000 contexts: first contentful paint %.0f ms, page ready %d ms%n",
        timed.path("fcp").asDouble(), timed.path("readyMs").asLong());
    browser.call("screenshot", "path", SHOTS.resolve("dashboard-1000-contexts.png").toString());
  }

  private void startBrowser() throws Exception {
    Optional<Path> chromium = DashboardDriver.chromium();
    assumeTrue(
        chromium.isPresent() || System.getenv("CI") == null,
        "no chromium on this machine (apt-get install --no-install-recommends chromium)");
    DashboardDriver.requireInstalled();
    Files.createDirectories(SHOTS);
    browser = DashboardDriver.start(chromium.orElseThrow(), dir.resolve("driver.log"));
  }

  /** A node made by {@code init} on loopback: these bootstraps, no mDNS, optionally auth. */
  private Mero4jNode node(String name, String transport, List<String> bootstrap, boolean auth)
      throws Exception {
    NodeHome home =
        NodeHome.init(
            dir.resolve(name),
            new NodeHome.InitOptions(0, 0, transport, "chicory", true),
            new SecureRandom());
    String list =
        bootstrap.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ", "[", "]"));
    Files.writeString(
        home.configFile(),
        Files.readString(home.configFile())
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false")
            .replaceFirst("(?m)^bootstrap = \\[\\]", "bootstrap = " + list));
    if (auth) {
      AuthFile.create(
          home.directory().resolve(AuthFile.FILE_NAME),
          "admin",
          PASSWORD.toCharArray(),
          new SecureRandom());
    }
    NodeConfig config = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(
            home,
            config,
            home.loadIdentity(config),
            new ProviderSet(
                Map.of(
                    "mapdb", new MapDbStorageProvider(), "rocksdb", new RocksDbStorageProvider()),
                Map.of("libp2p", new Libp2pTransportProvider()),
                Map.of("chicory", new ChicoryWasmEngine())));
    nodes.add(node);
    node.start();
    return node;
  }

  private static String swarmAddress(Mero4jNode node) {
    return node.status().orElseThrow().addresses().stream()
        .filter(a -> a.startsWith("/ip4/127.0.0.1/"))
        .findFirst()
        .orElseThrow();
  }

  private static String apiUrl(Mero4jNode node) {
    return node.status().orElseThrow().addresses().stream()
        .filter(a -> a.startsWith("http"))
        .findFirst()
        .orElseThrow();
  }

  private static void set(Mero4jNode node, ContextId ctx, String key, String value) {
    node.contexts()
        .orElseThrow()
        .execute(
            ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Optional.empty());
  }

  private static String get(Mero4jNode node, ContextId ctx, String key) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                node.contexts()
                    .orElseThrow()
                    .execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty())
                    .outputJson(),
            out -> !"null".equals(out));
  }

  private String login(String base) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return DashboardDriver.JSON.readTree(response.body()).path("data").path("accessToken").asText();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
