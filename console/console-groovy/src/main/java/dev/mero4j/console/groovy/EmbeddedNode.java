package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.NodeDescription;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A node the console runs itself ({@code mero4j console --home DIR}). Because the console owns its
 * life cycle, it swaps providers live through the node's hot swap; open watches and the console's
 * variables keep working.
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

  /** Swaps a provider live through the node's hot swap (docs/hot-swap.md): no restart, watches keep running. */
  @Override
  public String swapProvider(String capability, String name) {
    restart.readLock().lock();
    try {
      String outcome = Mero4jConsoleNode.swapLive(node, capability, name);
      config = home.loadConfig();
      LOG.log(System.Logger.Level.INFO, "console: " + outcome);
      return outcome;
    } finally {
      restart.readLock().unlock();
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
