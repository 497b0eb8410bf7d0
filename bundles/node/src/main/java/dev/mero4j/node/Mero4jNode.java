package dev.mero4j.node;

import dev.mero4j.node.internal.HealthServer;
import dev.mero4j.node.internal.NodeInfoAdapter;
import dev.mero4j.node.internal.NodeMetadata;
import dev.mero4j.node.internal.ProviderAdminAdapter;
import dev.mero4j.node.internal.swap.ProviderSwitcher;
import dev.mero4j.node.internal.swap.SwappableStorage;
import dev.mero4j.node.internal.swap.SwappableTransport;
import dev.mero4j.node.internal.swap.TransportSwitch;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.ApiServer;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.ApiServerException;
import dev.mero4j.server.AuthFile;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A running Mero4j node: opens storage, starts the transport and the client API, and closes them in
 * reverse order. A plain class, so embedders and tests can create one without a framework.
 */
public final class Mero4jNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Mero4jNode.class.getName());

  /** Runs the start steps that proceed in parallel; daemon threads, so they never hold the JVM. */
  private static final java.util.concurrent.Executor STARTER =
      runnable -> {
        Thread thread = new Thread(runnable, "mero4j-node-start");
        thread.setDaemon(true);
        thread.start();
      };

  private final NodeHome home;
  private final NodeConfig config;
  private final KeyPair identity;
  private volatile ProviderSet providers;
  private final List<java.util.function.Consumer<NodeStatus>> statusListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Clock clock;
  private final SecureRandom random;

  private SwappableStorage storage;
  private ProviderSwitcher switcher;
  private ApplicationManager applications;
  private ContextManager contexts;
  private Replicator replicator;
  private SwappableTransport transport;
  private HealthServer server;
  private ApiServer api;
  private NodeStatus status;

  public Mero4jNode(NodeHome home, NodeConfig config, KeyPair identity, ProviderSet providers) {
    this(home, config, identity, providers, Clock.systemUTC(), new SecureRandom());
  }

  /** A node with an injected clock and randomness source, for deterministic tests. */
  public Mero4jNode(
      NodeHome home,
      NodeConfig config,
      KeyPair identity,
      ProviderSet providers,
      Clock clock,
      SecureRandom random) {
    this.home = home;
    this.config = config;
    this.identity = identity;
    this.providers = providers;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Starts every part of the node; on any failure, what was started is closed again and the cause
   * is thrown as a {@link NodeException} with an operator-facing message.
   */
  public synchronized NodeStatus start() {
    if (status != null) {
      return status;
    }
    StorageProvider storageProvider =
        pick("storage", config.storage().provider(), providers.storage());
    TransportProvider transportProvider =
        config.swarm().enabled()
            ? pick("transport", config.swarm().transport(), providers.transports())
            : null;
    WasmEngine engine = config.runtime().enabled() ? engine(config.runtime().wasmEngine()) : null;
    try {
      storage = new SwappableStorage(openStorage(storageProvider));
      NodeMetadata.checkAndRecord(storage, identity.publicKey());
      if (engine != null) {
        applications = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
        contexts = new ContextManager(storage, applications, RuntimeLimits.DEFAULT, clock, random);
      }
      switcher =
          new ProviderSwitcher(
              home,
              config,
              () -> providers,
              storage,
              storageProvider.name(),
              applications,
              contexts,
              clock,
              System::nanoTime,
              this::activeChanged);
      List<String> addresses = new ArrayList<>();
      // The client API and the transport start side by side: each takes a few hundred ms.
      CompletableFuture<String> serverStart =
          CompletableFuture.supplyAsync(this::startServer, STARTER);
      String peerId = null;
      try {
        if (transportProvider != null) {
          TransportSwitch transports =
              new TransportSwitch(home, config, identity, () -> providers, System::nanoTime);
          transport = transports.start(transportProvider);
          peerId = transport.localPeer().id().value();
          if (contexts != null) {
            replicator = new Replicator(transport, contexts, ReplicationConfig.DEFAULTS, clock);
            replicator.start();
          }
          transports.replicator(this::replicatorOrNull);
          switcher.transports(transports);
        }
      } finally {
        addresses.add(joinStart(serverStart));
      }
      if (transport != null) {
        addresses.addAll(NodeInfoAdapter.dialable(transport.localPeer()));
      }
      Map<String, String> active = new LinkedHashMap<>();
      active.put("storage", storageProvider.name());
      active.put(
          "transport", transportProvider == null ? NodeConfig.NONE : transportProvider.name());
      active.put("wasm", config.runtime().wasmEngine());
      status = new NodeStatus(identity.publicKey().toBase58(), peerId, addresses, active);
      if (server != null) {
        server.markReady();
      }
      if (api != null) {
        api.setReady(true);
      }
      return status;
    } catch (RuntimeException e) {
      close();
      throw e instanceof NodeException
          ? e
          : new NodeException("node failed to start: " + e.getMessage(), e);
    }
  }

  public NodeConfig config() {
    return config;
  }

  /** The providers deployed in this node, whether active or not. */
  public ProviderSet providers() {
    return providers;
  }

  /**
   * Replaces the deployed providers (a provider bundle came or went); the active ones keep running
   * until a swap names another.
   */
  public void updateProviders(ProviderSet deployed) {
    providers = deployed;
    ProviderSwitcher running;
    synchronized (this) {
      running = switcher;
    }
    if (running != null) {
      running.rebindTransport(); // the active transport's bundle was updated: move onto the new one
    }
  }

  /** The swappable capabilities of the running node with their active and deployed providers. */
  public List<CapabilityStatus> providerStatus() {
    return started().list();
  }

  /**
   * Starts a live swap of {@code capability} ({@code storage}, {@code wasm} or {@code transport})
   * to the provider called {@code to}; follow it with {@link #swapJob}.
   *
   * @throws SwapException or {@link ProviderMissingException} when the swap cannot start
   */
  public SwapJob swapProvider(String capability, String to) {
    return started().swap(capability, to, null);
  }

  /**
   * Swaps the transport to {@code to} listening on {@code listen} (null keeps the current
   * addresses; the same provider with other addresses re-opens it there).
   */
  public SwapJob swapTransport(String to, List<String> listen) {
    return started().swap("transport", to, listen);
  }

  /** The progress or outcome of a swap started by {@link #swapProvider}. */
  public SwapJob swapJob(String id) {
    return started().job(id);
  }

  private synchronized ProviderSwitcher started() {
    if (switcher == null) {
      throw new NodeException("node is not started");
    }
    return switcher;
  }

  /** Tells {@code listener} the node's status after every successful provider swap. */
  public void onStatusChange(java.util.function.Consumer<NodeStatus> listener) {
    statusListeners.add(listener);
  }

  private void activeChanged(String capability, String name) {
    NodeStatus changed;
    synchronized (this) {
      if (status == null) {
        return;
      }
      Map<String, String> active = new LinkedHashMap<>(status.providers());
      active.put(capability, name);
      List<String> addresses = new ArrayList<>(status.addresses());
      Transport now = transportOrNull();
      if (now != null && !addresses.isEmpty()) { // the API's URL, then the new swarm addresses
        addresses.subList(1, addresses.size()).clear();
        addresses.addAll(NodeInfoAdapter.dialable(now.localPeer()));
      }
      status = new NodeStatus(status.publicKey(), status.peerId(), addresses, active);
      changed = status;
    }
    statusListeners.forEach(listener -> listener.accept(changed));
  }

  public NodeHome home() {
    return home;
  }

  /** The status reported at start, empty until {@link #start()} succeeded. */
  public synchronized Optional<NodeStatus> status() {
    return Optional.ofNullable(status);
  }

  /** The open storage engine; only valid between start and close. */
  public synchronized StorageEngine storage() {
    if (storage == null) {
      throw new NodeException("node is not started");
    }
    return storage;
  }

  /** The transport in use; empty offline, and for the moment a transport swap has none open. */
  public synchronized Optional<Transport> transport() {
    return Optional.ofNullable(transportOrNull());
  }

  /** Replication of contexts with peers; empty when the node runs offline or without apps. */
  public synchronized Optional<Replicator> replicator() {
    return Optional.ofNullable(replicator);
  }

  /** The installed applications; empty when the node runs without a WASM engine. */
  public synchronized Optional<ApplicationRegistry> applications() {
    return Optional.ofNullable(applications);
  }

  /** The contexts of this node; empty when the node runs without a WASM engine. */
  public synchronized Optional<ContextService> contexts() {
    return Optional.ofNullable(contexts);
  }

  /** Stops the API, the transport and the storage, in that order; safe to call twice. */
  @Override
  public synchronized void close() {
    if (api != null) {
      api.close();
      api = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
    if (replicator != null) {
      closeQuietly("replication", replicator);
      replicator = null;
    }
    if (transport != null) {
      closeQuietly("transport", transport);
      transport = null;
    }
    applications = null;
    contexts = null;
    switcher = null;
    if (storage != null) {
      closeQuietly("storage", storage);
      storage = null;
    }
    status = null;
  }

  /**
   * The full client API (JSON-RPC, admin REST, WebSocket, SSE) when the node runs applications;
   * only health, readiness and identity otherwise.
   */
  private String startServer() {
    if (contexts == null) {
      server = HealthServer.start(config.server(), identity.publicKey(), this::peerId);
      return server.url();
    }
    Optional<ApiServerConfig.AuthSettings> auth = Optional.empty();
    Path authFile = home.directory().resolve(AuthFile.FILE_NAME);
    if (java.nio.file.Files.exists(authFile)) {
      auth = Optional.of(AuthFile.load(authFile));
    }
    ApiServerConfig apiConfig;
    try {
      apiConfig =
          new ApiServerConfig(
              config.server().host(),
              config.server().port(),
              auth,
              ApiServerConfig.Limits.defaults(),
              java.util.Set.copyOf(config.server().allowedHosts()),
              java.util.Set.copyOf(config.server().allowedOrigins()));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("[server] " + e.getMessage(), e);
    }
    try {
      api =
          new ApiServer(
              apiConfig,
              applications,
              contexts,
              new NodeInfoAdapter(
                  identity.publicKey(),
                  this::transportOrNull,
                  contexts,
                  this::replicatorOrNull,
                  Optional.of(new ProviderAdminAdapter(this)),
                  Optional.<StorageEngine>of(storage)),
              clock,
              random);
      String url = api.start().toString();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    } catch (dev.mero4j.server.AddressInUseException e) {
      throw new PortInUseException(
          "server port "
              + config.server().port()
              + " on "
              + config.server().host()
              + " is already in use (another node?); change [server] port in config.toml",
          e);
    } catch (ApiServerException e) {
      throw new InvalidConfigException(e.getMessage(), e);
    }
  }

  private synchronized Transport transportOrNull() {
    return transport == null ? null : transport.current();
  }

  private synchronized Replicator replicatorOrNull() {
    return replicator;
  }

  private String peerId() {
    Transport t = transportOrNull();
    return t == null ? null : t.localPeer().id().value();
  }

  /** Waits for a parallel start step and rethrows its failure as it was thrown. */
  private static <T> T joinStart(CompletableFuture<T> step) {
    try {
      return step.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private StorageEngine openStorage(StorageProvider provider) {
    StorageConfig storageConfig =
        new StorageConfig(
            home.resolve(config.storage().directory()).resolve(provider.name()),
            config.storage().durability(),
            0);
    return provider.open(storageConfig);
  }

  private WasmEngine engine(String name) {
    WasmEngine engine = pick("wasm", name, providers.wasmEngines());
    WasmEngine.Availability availability = engine.availability();
    if (!availability.available()) {
      throw new ProviderMissingException(
          "wasm engine '" + name + "' cannot run here: " + availability.reason());
    }
    return engine;
  }

  private static <T> T pick(String capability, String name, Map<String, T> available) {
    T provider = available.get(name);
    if (provider == null) {
      throw new ProviderMissingException(
          capability
              + " provider '"
              + name
              + "' is not deployed in this node (deployed: "
              + (available.isEmpty()
                  ? "none"
                  : String.join(", ", new TreeSet<>(available.keySet())))
              + ")");
    }
    return provider;
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing the " + what + " failed", e);
    }
  }
}
