package dev.mero4j.cli.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.cli.Main;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mero4j provider list} and {@code swap} against a real node, through the real command line.
 */
class ProviderCommandsTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private Mero4jNode node;
  private String url;

  @BeforeEach
  void start() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    NodeConfig config = home.loadConfig();
    ProviderSet providers =
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider(), "second", new SecondMapDb()),
            Map.of(),
            Map.of("chicory", new ChicoryWasmEngine()));
    node = new Mero4jNode(home, config, home.loadIdentity(config), providers);
    url = node.start().addresses().get(0);
  }

  @AfterEach
  void stop() {
    node.close();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void listShowsTheActiveProviderAndSwapMigratesTheLiveStore() throws Exception {
    var app =
        node.applications()
            .orElseThrow()
            .install(
                Files.readAllBytes(Path.of("../../app-templates/prebuilt/kv-store.wasm")),
                "kv-store.wasm");
    var ctx = node.contexts().orElseThrow().create(app.id(), "{}").contextId();
    node.contexts()
        .orElseThrow()
        .execute(ctx, "set", "{\"key\":\"a\",\"value\":\"1\"}", Optional.empty());

    assertThat(run(0, "provider", "list", "--node", url))
        .contains("storage   mapdb*  second")
        .contains("wasm      chicory*");
    assertThat(run(0, "provider", "swap", "storage", "second", "--node", url))
        .startsWith("storage swapped mapdb -> second in")
        .contains("writes paused");
    assertThat(err.toString())
        .as("a progress line while the job runs")
        .containsPattern("(?m)^(starting|copying|catching up|verifying|switching) ");
    assertThat(run(0, "provider", "list", "--node", url, "--json"))
        .contains("\"active\":\"second\"");
    assertThat(
            node.contexts()
                .orElseThrow()
                .execute(ctx, "get", "{\"key\":\"a\"}", Optional.empty())
                .outputJson())
        .contains("1");

    err.reset();
    run(1, "provider", "swap", "storage", "second", "--node", url);
    assertThat(err.toString()).contains("ProviderConflict").contains("already active");
  }

  @Test
  void listenAddressesReachTheNodeAndAreRefusedForOtherCapabilities() {
    run(
        1,
        "provider",
        "swap",
        "transport",
        "libp2p",
        "--listen",
        "/ip4/127.0.0.1/tcp/0",
        "--listen",
        "/ip4/127.0.0.1/tcp/0/ws",
        "--node",
        url);
    assertThat(err.toString()).contains("runs no transport");
    err.reset();
    run(
        1,
        "provider",
        "swap",
        "storage",
        "second",
        "--listen",
        "/ip4/127.0.0.1/tcp/0",
        "--node",
        url);
    assertThat(err.toString()).contains("InvalidParams").contains("transport only");
  }

  private String run(int exit, String... args) {
    out.reset();
    assertThat(Main.execute(args)).as(err.toString()).isEqualTo(exit);
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  /** MapDB under another name: a second deployed storage provider to migrate to. */
  static final class SecondMapDb implements StorageProvider {
    @Override
    public String name() {
      return "second";
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      return new MapDbStorageProvider().open(config);
    }
  }
}
