package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.NodeDescription;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.console.groovy.internal.RestartableApplications;
import dev.mero4j.console.groovy.internal.RestartableContexts;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A node the console runs itself ({@code mero4j console --home DIR}). Because the console owns its
 * life cycle, it can swap the WASM engine by restarting the node on the same storage; open watches
 * and the console's variables keep working across the restart.
 */
public final class EmbeddedNode implements ConsoleNode, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedNode.class.getName());

  private final NodeHome home;
  private final KeyPair identity;
  private final ProviderSet providers;
  private final ReentrantReadWriteLock restart = new ReentrantReadWriteLock();
  private final RestartableContexts contexts;
  private final RestartableApplications applications;
  private volatile NodeConfig config;
  private volatile Mero4jNode node;

  private EmbeddedNode(NodeHome home, NodeConfig config, KeyPair identity, ProviderSet providers) {
    this.home = home;
    this.config = config;
    this.identity = identity;
    this.providers = providers;
    this.contexts = new RestartableContexts(() -> node.contexts().orElseThrow(), restart.readLock());
    this.applications = new RestartableApplications(() -> node.applications().orElseThrow(), restart.readLock());
  }

  /** Starts a node from {@code home} with {@code providers}; throws the node's typed errors. */
  public static EmbeddedNode start(NodeHome home, ProviderSet providers) {
    NodeConfig config = home.loadConfig();
    EmbeddedNode embedded = new EmbeddedNode(home, config, home.loadIdentity(config), providers);
    embedded.node = embedded.startNode(config);
    return embedded;
  }

  private Mero4jNode startNode(NodeConfig withConfig) {
    Mero4jNode started = new Mero4jNode(home, withConfig, identity, providers);
    started.start();
    return started;
  }

  /** The status of the node running now. */
  public NodeStatus status() {
    return node.status().orElseThrow();
  }

  /** The node running now; changes when the console swaps a provider. */
  public Mero4jNode node() {
    return node;
  }

  @Override
  public Path home() {
    return home.directory();
  }

  @Override
  public NodeDescription describe() {
    return Mero4jConsoleNode.describe(status(), providers);
  }

  @Override
  public Optional<ApplicationRegistry> applications() {
    return node.applications().isPresent() ? Optional.of(applications) : Optional.empty();
  }

  @Override
  public Optional<ContextService> contexts() {
    return node.contexts().isPresent() ? Optional.of(contexts) : Optional.empty();
  }

  @Override
  public List<String> connectedPeers() {
    return Mero4jConsoleNode.connectedPeers(node);
  }

  /**
   * Swaps the WASM engine by restarting the node on the same storage; the config file is left
   * as it is, so the next start uses the configured engine again. Other capabilities need the
   * node's hot swap and are refused.
   */
  @Override
  public String swapProvider(String capability, String name) {
    if (!"wasm".equals(capability)) {
      throw new NotSupportedByNodeException("swapping the " + capability + " provider of a running node"
          + " (only the WASM engine can be swapped, by restarting the node; storage needs data migration)");
    }
    if (!providers.wasmEngines().containsKey(name)) {
      throw new ConsoleException("wasm engine '" + name + "' is not deployed in this node (deployed: "
          + String.join(", ", new TreeSet<>(providers.wasmEngines().keySet())) + ")");
    }
    restart.writeLock().lock();
    try {
      NodeConfig old = config;
      String before = old.runtime().wasmEngine();
      if (before.equals(name)) {
        return "wasm engine is already " + name;
      }
      NodeConfig swapped = new NodeConfig(old.identity(), old.server(), old.swarm(), old.storage(), new NodeConfig.Runtime(name));
      LOG.log(System.Logger.Level.INFO, "console: restarting the node to swap the wasm engine " + before + " -> " + name);
      node.close();
      try {
        node = startNode(swapped);
        config = swapped;
      } catch (RuntimeException e) {
        node = startNode(old);
        contexts.resubscribe();
        throw new ConsoleException("swap to wasm engine '" + name + "' failed, kept " + before + ": " + e.getMessage(), e);
      }
      if (node.contexts().isPresent()) {
        contexts.resubscribe();
      }
      return "wasm engine swapped " + before + " -> " + name + " (node restarted on the same storage; config.toml unchanged)";
    } finally {
      restart.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    restart.writeLock().lock();
    try {
      node.close();
    } finally {
      restart.writeLock().unlock();
    }
  }
}
