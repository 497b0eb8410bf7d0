package dev.mero4j.it.apps;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/** A real node (MapDB files, a real engine, HTTP on a free port, offline) for app tests. */
final class AppNode implements AutoCloseable {
  private final Mero4jNode node;

  private AppNode(Mero4jNode node) {
    this.node = node;
  }

  static AppNode start(Path home, WasmEngine engine) {
    NodeHome nodeHome =
        Files.exists(home.resolve(NodeHome.CONFIG_FILE))
            ? NodeHome.open(home)
            : NodeHome.init(
                home,
                new NodeHome.InitOptions(1, 2528, "none", engine.name(), false),
                new SecureRandom());
    NodeConfig c = nodeHome.loadConfig();
    NodeConfig config =
        new NodeConfig(
            c.identity(),
            new NodeConfig.Server("127.0.0.1", 0),
            c.swarm(),
            c.storage(),
            new NodeConfig.Runtime(engine.name()));
    ProviderSet providers =
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider()), Map.of(), Map.of(engine.name(), engine));
    Mero4jNode node = new Mero4jNode(nodeHome, config, nodeHome.loadIdentity(c), providers);
    node.start();
    return new AppNode(node);
  }

  static byte[] prebuilt(String app) {
    try {
      return Files.readAllBytes(Path.of(System.getProperty("mero4j.prebuilt"), app + ".wasm"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ApplicationRegistry apps() {
    return node.applications().orElseThrow();
  }

  ContextService contexts() {
    return node.contexts().orElseThrow();
  }

  String call(ContextId ctx, String method, String args) {
    return contexts().execute(ctx, method, args, Optional.empty()).outputJson();
  }

  @Override
  public void close() {
    node.close();
  }
}
