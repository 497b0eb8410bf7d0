package dev.mero4j.console.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's {@code provider.swap} on a node it attached to: the node's live swap, no restart. */
class Mero4jConsoleNodeSwapTest {
  @TempDir Path dir;

  @Test
  void storageAndEngineSwapLiveAndTheDescriptionFollows() {
    NodeHome home = NodeHome.init(dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    NodeConfig config = home.loadConfig();
    ProviderSet providers = new ProviderSet(Map.of("mapdb", new MapDbStorageProvider(), "second", new SecondMapDb()),
        Map.of(), Map.of("chicory", new ChicoryWasmEngine(), "wasmtime", new WasmtimeWasmEngine()));
    try (Mero4jNode node = new Mero4jNode(home, config, home.loadIdentity(config), providers)) {
      node.start();
      Mero4jConsoleNode console = new Mero4jConsoleNode(node, providers);
      assertThat(console.swapProvider("storage", "second")).startsWith("storage swapped mapdb -> second live in");
      assertThat(console.swapProvider("wasm", "wasmtime")).startsWith("wasm swapped chicory -> wasmtime live in");
      assertThat(console.describe().activeProviders()).containsEntry("storage", "second").containsEntry("wasm", "wasmtime");
      assertThatThrownBy(() -> console.swapProvider("storage", "second")).isInstanceOf(ProviderAlreadyActiveException.class);
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
