package dev.mero4j.node.swap;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node with both storage engines and both WASM engines deployed, running the prebuilt kv-store.
 */
final class SwapFixture implements AutoCloseable {
  static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");

  final NodeHome home;
  final Map<String, StorageProvider> storage = new LinkedHashMap<>();
  final Map<String, WasmEngine> engines = new LinkedHashMap<>();
  Mero4jNode node;

  SwapFixture(Path dir, String wasmEngine) {
    home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", wasmEngine, true), new SecureRandom());
    storage.put("mapdb", new MapDbStorageProvider());
    storage.put("rocksdb", new RocksDbStorageProvider());
    engines.put("chicory", new ChicoryWasmEngine());
    engines.put("wasmtime", new WasmtimeWasmEngine());
  }

  Mero4jNode start() {
    NodeConfig config = home.loadConfig();
    node =
        new Mero4jNode(
            home, config, home.loadIdentity(config), new ProviderSet(storage, Map.of(), engines));
    node.start();
    return node;
  }

  void restart() {
    node.close();
    start();
  }

  ContextService contexts() {
    return node.contexts().orElseThrow();
  }

  ContextId createKvStore() throws Exception {
    var app =
        node.applications().orElseThrow().install(Files.readAllBytes(KV_STORE), "kv-store.wasm");
    return contexts().create(app.id(), "{}").contextId();
  }

  void set(ContextId ctx, String key, String value) {
    contexts()
        .execute(
            ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Optional.empty());
  }

  String get(ContextId ctx, String key) {
    return contexts()
        .execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty())
        .outputJson();
  }

  /**
   * Writers that set unique keys until stopped, remembering every acknowledged write and every
   * failure.
   */
  static final class Writers implements AutoCloseable {
    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Writers(SwapFixture fixture, ContextId ctx, int count) {
      for (int w = 0; w < count; w++) {
        String prefix = "w" + w + "-";
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String key = prefix + i;
                    try {
                      fixture.set(ctx, key, "v" + i);
                      acknowledged.add(key);
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                },
                "writer-" + w);
        threads.add(thread);
        thread.start();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
  }
}
