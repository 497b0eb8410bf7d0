package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mero4j provider swap storage rocksdb} against a node process running in Felix, then a
 * restart.
 */
class ProviderSwapProcessTest {
  @TempDir Path dir;

  @Test
  void aRunningNodeMigratesToRocksDbAndRestartsOnIt() throws Exception {
    Path home = dir.resolve("node");
    NodeProcess.Result init =
        NodeProcess.run(
            "init",
            "--home",
            home.toString(),
            "--server-port",
            Integer.toString(freePort()),
            "--swarm-port",
            Integer.toString(freePort()));
    assertThat(init.exitCode()).as("init stderr %s", init.err()).isZero();
    Path assembly = dir.resolve("both-stores.assembly");
    Files.writeString(
        assembly,
        Files.readString(NodeProcess.DIST.resolve("config/default.assembly"))
            .replace(
                "\nmero4j-storage-mapdb.jar\n",
                "\nmero4j-storage-mapdb.jar\nmero4j-storage-rocksdb.jar\n"));
    String h = home.toString();
    String ctx;
    try (NodeProcess node =
        NodeProcess.start("run", "--home", h, "--assembly", assembly.toString())) {
      assertThat(node.awaitReady()).contains("storage=mapdb");
      String appId =
          field(
              ok(
                  "app",
                  "install",
                  NodeProcess.DIST.resolve("apps/kv-store.wasm").toString(),
                  "--home",
                  h,
                  "--json"),
              "applicationId");
      ctx = field(ok("context", "create", "--app", appId, "--home", h, "--json"), "contextId");
      ok("call", "--context", ctx, "set", "--args", "{\"key\":\"a\",\"value\":\"1\"}", "--home", h);

      assertThat(ok("provider", "list", "--home", h)).contains("mapdb*").contains("rocksdb");
      NodeProcess.Result swap =
          NodeProcess.run("provider", "swap", "storage", "rocksdb", "--home", h);
      assertThat(swap.exitCode()).as("%s %s", swap.out(), swap.err()).isZero();
      assertThat(String.join("\n", swap.out())).contains("storage swapped mapdb -> rocksdb");
      assertThat(ok("call", "--context", ctx, "get", "--args", "{\"key\":\"a\"}", "--home", h))
          .contains("\"1\"");
      ok("call", "--context", ctx, "set", "--args", "{\"key\":\"b\",\"value\":\"2\"}", "--home", h);
      node.terminate();
      assertThat(node.awaitExit()).isZero();
    }
    assertThat(Files.readString(home.resolve("config.toml"))).contains("provider = \"rocksdb\"");
    try (NodeProcess node =
        NodeProcess.start("run", "--home", h, "--assembly", assembly.toString())) {
      assertThat(node.awaitReady()).contains("storage=rocksdb");
      assertThat(ok("call", "--context", ctx, "get", "--args", "{\"key\":\"a\"}", "--home", h))
          .contains("\"1\"");
      assertThat(ok("call", "--context", ctx, "get", "--args", "{\"key\":\"b\"}", "--home", h))
          .contains("\"2\"");
      node.terminate();
      assertThat(node.awaitExit()).isZero();
    }
  }

  private static String ok(String... args) throws Exception {
    NodeProcess.Result result = NodeProcess.run(args);
    assertThat(result.exitCode())
        .as("%s: %s %s", String.join(" ", args), result.out(), result.err())
        .isZero();
    return String.join("\n", result.out());
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
