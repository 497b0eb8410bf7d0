package dev.mero4j.it.jpms;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a node on the plain module path with the providers {@link ServiceLoader} finds, calls a
 * kv-store context, and prints one fact per line for the test that launched it.
 *
 * <p>Arguments: home directory, kv-store WASM file, client API port, swarm port.
 */
public final class JpmsSmoke {
  private JpmsSmoke() {}

  public static void main(String[] args) throws IOException {
    Path home = Path.of(args[0]);
    byte[] wasm = Files.readAllBytes(Path.of(args[1]));
    int serverPort = Integer.parseInt(args[2]);
    int swarmPort = Integer.parseInt(args[3]);
    NodeHome.init(
        home,
        new NodeHome.InitOptions(swarmPort, serverPort, "libp2p", "chicory", false),
        new SecureRandom());
    NodeHome nodeHome = NodeHome.open(home);
    NodeConfig config = nodeHome.loadConfig();
    ProviderSet providers =
        new ProviderSet(
            load("storage", StorageProvider.class, StorageProvider::name),
            load("transport", TransportProvider.class, TransportProvider::name),
            load("wasm", WasmEngine.class, WasmEngine::name));
    try (Mero4jNode node =
        new Mero4jNode(nodeHome, config, nodeHome.loadIdentity(config), providers)) {
      NodeStatus status = node.start();
      System.out.println("ready " + new TreeMap<>(status.providers()));
      ContextService contexts = node.contexts().orElseThrow();
      ApplicationInfo app = node.applications().orElseThrow().install(wasm, "kv-store.wasm");
      ContextId context = contexts.create(app.id(), "{}").contextId();
      contexts.execute(
          context, "set", "{\"key\":\"jpms\",\"value\":\"module path\"}", Optional.empty());
      System.out.println(
          "get jpms = "
              + contexts
                  .execute(context, "get", "{\"key\":\"jpms\"}", Optional.empty())
                  .outputJson());
    }
    for (Module module : ModuleLayer.boot().modules()) {
      System.out.println("module " + module.getName() + " " + kind(module));
    }
    System.out.println("stopped");
  }

  private static <T> Map<String, T> load(
      String capability, Class<T> type, Function<T, String> name) {
    Map<String, T> byName = new TreeMap<>();
    for (T provider : ServiceLoader.load(type)) {
      byName.put(name.apply(provider), provider);
      System.out.println(
          "provider "
              + capability
              + " "
              + name.apply(provider)
              + " in "
              + provider.getClass().getModule().getName()
              + " "
              + kind(provider.getClass().getModule()));
    }
    return byName;
  }

  private static String kind(Module module) {
    if (!module.isNamed()) {
      return "unnamed";
    }
    return module.getDescriptor().isAutomatic() ? "automatic" : "explicit";
  }
}
