package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the built distribution exactly as an operator would: init, run, stop, crash, restart. */
class DistributionTest {
  private static final Pattern READY =
      Pattern.compile("Mero4j node ready in (\\d+) ms \\| listening (http://\\S+)");

  @TempDir Path dir;

  private Path init(int serverPort) throws Exception {
    Path home = dir.resolve("node");
    NodeProcess.Result result =
        NodeProcess.run(
            "init",
            "--home",
            home.toString(),
            "--server-port",
            Integer.toString(serverPort),
            "--swarm-port",
            Integer.toString(freePort()));
    assertThat(result.exitCode()).as("init stderr %s", result.err()).isZero();
    return home;
  }

  @Test
  void runReachesReadyOnFelixWithMapDbAndStopsCleanlyOnSigterm() throws Exception {
    Path home = init(freePort());
    try (NodeProcess node = NodeProcess.start("run", "--home", home.toString())) {
      String ready = node.awaitReady();
      Matcher m = READY.matcher(ready);
      assertThat(m.find()).as(ready).isTrue();
      assertThat(ready).contains("storage=mapdb");
      Files.writeString(Path.of("target", "startup-ms.txt"), m.group(1) + "\n");
      assertThat(get(m.group(2) + "/admin-api/health")).contains("alive");
      assertDialable(ready, home);
      node.terminate();
      assertThat(node.awaitExit()).isZero();
      assertThat(node.out()).contains("Mero4j node stopped cleanly");
      assertThat(node.err()).noneMatch(line -> line.contains("Exception"));
    }
  }

  /**
   * The default config binds libp2p to 0.0.0.0; the ready line and {@code mero4j status} still show
   * what another node dials: concrete addresses ending in the peer id.
   */
  private static void assertDialable(String ready, Path home) throws Exception {
    Matcher peer = Pattern.compile(" peer (12D3KooW\\S+)").matcher(ready);
    assertThat(peer.find()).as(ready).isTrue();
    Pattern dialable = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + peer.group(1));
    assertThat(ready).doesNotContain("0.0.0.0").containsPattern(dialable);
    NodeProcess.Result status = NodeProcess.run("status", "--home", home.toString());
    assertThat(status.exitCode()).as("status stderr %s", status.err()).isZero();
    String text = String.join("\n", status.out());
    assertThat(text).doesNotContain("0.0.0.0").containsPattern("address +" + dialable.pattern());
  }

  @Test
  void theRocksDbAssemblyRunsTheNodeOnRocksDb() throws Exception {
    Path home = init(freePort());
    Path config = home.resolve("config.toml");
    Files.writeString(
        config, Files.readString(config).replace("provider = \"mapdb\"", "provider = \"rocksdb\""));
    String assembly = NodeProcess.DIST.resolve("config/rocksdb.assembly").toString();
    try (NodeProcess node =
        NodeProcess.start("run", "--home", home.toString(), "--assembly", assembly)) {
      assertThat(node.awaitReady()).contains("storage=rocksdb");
      node.terminate();
      assertThat(node.awaitExit()).isZero();
    }
    assertThat(home.resolve("data/rocksdb/CURRENT")).exists();
  }

  @Test
  void plainFrameworkRunsTheSameNodeWithoutOsgi() throws Exception {
    Path home = init(freePort());
    try (NodeProcess node =
        NodeProcess.start("run", "--home", home.toString(), "--framework", "plain")) {
      assertThat(node.awaitReady()).contains("storage=mapdb");
      node.terminate();
      assertThat(node.awaitExit()).isZero();
    }
  }

  @Test
  void nodeRestartsAfterKill9WithItsData() throws Exception {
    Path home = init(freePort());
    try (NodeProcess node = NodeProcess.start("run", "--home", home.toString())) {
      node.awaitReady();
      node.kill();
      node.awaitExit();
    }
    try (NodeProcess again = NodeProcess.start("run", "--home", home.toString())) {
      assertThat(again.awaitReady()).contains("storage=mapdb");
      again.terminate();
      assertThat(again.awaitExit()).isZero();
    }
  }

  @Test
  void portInUseIsOneClearLineAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path home = init(taken.getLocalPort());
      NodeProcess.Result result = NodeProcess.run("run", "--home", home.toString());
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(String.join("\n", result.err()))
          .contains(
              "error: server port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void missingHomeAndBadConfigAreUsageErrors() throws Exception {
    NodeProcess.Result missing =
        NodeProcess.run("run", "--home", dir.resolve("nothing").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .containsExactly(missing.err().get(0))
        .first()
        .asString()
        .startsWith("error: no Mero4j home");
    Path home = init(freePort());
    Files.writeString(home.resolve("config.toml"), "[storage]\nprovider = 7\n");
    NodeProcess.Result bad = NodeProcess.run("run", "--home", home.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .anyMatch(line -> line.contains("storage.provider must be a non-empty string"));
  }

  @Test
  void corruptStorageIsReportedNotCrashedOn() throws Exception {
    Path home = init(freePort());
    try (NodeProcess node = NodeProcess.start("run", "--home", home.toString())) {
      node.awaitReady();
      node.terminate();
      node.awaitExit();
    }
    try (var files = Files.walk(home.resolve("data"))) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.write(file, new byte[4096]);
      }
    }
    NodeProcess.Result result = NodeProcess.run("run", "--home", home.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", result.err())).contains("error: ").doesNotContain("\tat ");
  }

  @Test
  void demoRunsThreeNodesThatConverge() throws Exception {
    NodeProcess.Result result = NodeProcess.run("demo", "--dir", dir.resolve("demo").toString());
    assertThat(result.exitCode()).as("stderr %s stdout %s", result.err(), result.out()).isZero();
    assertThat(result.out())
        .anyMatch(line -> line.startsWith("node1 set from-node1 -> visible on node2 in"));
    assertThat(result.out()).contains("All three nodes converged on the same root.");
    assertThat(result.out().stream().filter(line -> line.endsWith("(synced)")).count())
        .isEqualTo(3);
  }

  @Test
  void clientCommandsDriveANodeRunningInFelix() throws Exception {
    Path home = init(freePort());
    try (NodeProcess node = NodeProcess.start("run", "--home", home.toString())) {
      assertThat(node.awaitReady()).contains("wasm=chicory");
      String h = home.toString();
      NodeProcess.Result install =
          NodeProcess.run(
              "app",
              "install",
              NodeProcess.DIST.resolve("apps/kv-store.wasm").toString(),
              "--home",
              h,
              "--json");
      assertThat(install.exitCode()).as("%s %s", install.out(), install.err()).isZero();
      String appId = field(String.join("", install.out()), "applicationId");
      NodeProcess.Result create =
          NodeProcess.run("context", "create", "--app", appId, "--home", h, "--json");
      assertThat(create.exitCode()).as("%s %s", create.out(), create.err()).isZero();
      String ctx = field(String.join("", create.out()), "contextId");
      NodeProcess.Result set =
          NodeProcess.run(
              "call",
              "--context",
              ctx,
              "set",
              "--args",
              "{\"key\":\"a\",\"value\":\"1\"}",
              "--home",
              h);
      assertThat(set.exitCode()).as("%s %s", set.out(), set.err()).isZero();
      NodeProcess.Result get =
          NodeProcess.run(
              "call", "--context", ctx, "get", "--args", "{\"key\":\"a\"}", "--home", h);
      assertThat(String.join("", get.out())).contains("\"1\"");
      NodeProcess.Result bad = NodeProcess.run("call", "--context", ctx, "nope", "--home", h);
      assertThat(bad.exitCode()).isNotZero();
      assertThat(String.join("\n", bad.err())).doesNotContain("\tat ");
      node.terminate();
      assertThat(node.awaitExit()).isZero();
    }
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  @Test
  void versionPrintsTheBuildVersion() throws Exception {
    NodeProcess.Result result = NodeProcess.run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out().get(0)).startsWith("mero4j 0.1.0");
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
