package dev.mero4j.node.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's view of a running node: live {@code provider.swap}, the description, offline sync.
 */
class NodeConsoleSwapTest {
  @TempDir Path dir;

  @Test
  void storageAndEngineSwapLiveAndTheDescriptionFollows() {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    NodeConfig config = home.loadConfig();
    ProviderSet providers =
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider(), "second", new SecondMapDb()),
            Map.of(),
            Map.of("chicory", new ChicoryWasmEngine(), "wasmtime", new WasmtimeWasmEngine()));
    try (Mero4jNode node = new Mero4jNode(home, config, home.loadIdentity(config), providers)) {
      node.start();
      NodeConsole console = new NodeConsole(node);
      assertThat(console.describe().deployedProviders())
          .containsEntry("storage", List.of("mapdb", "second"))
          .containsEntry("wasm", List.of("chicory", "wasmtime"));
      assertThat(console.swapProvider("storage", "second"))
          .startsWith("storage swapped mapdb -> second live in");
      assertThat(console.swapProvider("wasm", "wasmtime"))
          .startsWith("wasm swapped chicory -> wasmtime live in");
      assertThat(console.describe().activeProviders())
          .containsEntry("storage", "second")
          .containsEntry("wasm", "wasmtime");
      assertThatThrownBy(() -> console.swapProvider("storage", "second"))
          .isInstanceOf(ProviderAlreadyActiveException.class);
      assertThat(console.home()).isEqualTo(home.directory());
      assertThat(console.connectedPeers()).isEmpty();
    }
  }

  @Test
  void syncOnAnOfflineNodeIsAnHonestRefusal() {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    NodeConfig config = home.loadConfig();
    ProviderSet providers =
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider()),
            Map.of(),
            Map.of("chicory", new ChicoryWasmEngine()));
    try (Mero4jNode node = new Mero4jNode(home, config, home.loadIdentity(config), providers)) {
      node.start();
      NodeConsole console = new NodeConsole(node);
      assertThatThrownBy(() -> console.replication().orElseThrow().sync(ContextId.of(new byte[32])))
          .isInstanceOf(NotSupportedByNodeException.class)
          .hasMessageContaining("offline");
    }
  }

  /** MapDB under another name: a second storage provider to migrate to. */
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
