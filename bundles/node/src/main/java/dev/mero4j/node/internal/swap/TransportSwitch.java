package dev.mero4j.node.internal.swap;

import dev.mero4j.node.CapabilityStatus;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.PortInUseException;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapFailedException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.Replicator;
import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Opens the node's transport and replaces it while the node runs: another deployed transport
 * provider, the same provider with other listen addresses, or a new instance of the active provider
 * (its bundle was updated). Replication keeps its {@link SwappableTransport}; the switch moves that
 * onto the new transport, reconnects and resyncs every context.
 */
public final class TransportSwitch {
  /** How long running requests may take to finish before the old transport is closed anyway. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

  /** How long the reconnect and resync phases wait for their peers. */
  static final Duration PEER_WAIT = Duration.ofSeconds(30);

  /** Listen addresses one request may name. */
  static final int MAX_LISTEN = 16;

  /** Peers remembered for the next swap to redial. */
  static final int MAX_REMEMBERED = 64;

  private static final System.Logger LOG = System.getLogger(TransportSwitch.class.getName());

  private final NodeHome home;
  private final KeyPair identity;
  private final NodeConfig config;
  private final Supplier<ProviderSet> providers;
  private final LongSupplier ticker;
  private TransportProvider active;
  private List<String> listen;
  private SwappableTransport transport;
  private final Map<PeerId, PeerAddresses> remembered = new LinkedHashMap<>();
  private long releasedAt = -1;
  private volatile Supplier<Replicator> replicator = () -> null;

  public TransportSwitch(
      NodeHome home,
      NodeConfig config,
      KeyPair identity,
      Supplier<ProviderSet> providers,
      LongSupplier ticker) {
    this.home = home;
    this.config = config;
    this.identity = identity;
    this.providers = providers;
    this.ticker = ticker;
    this.listen = config.swarm().listen();
  }

  /**
   * Opens the configured transport at node start.
   *
   * @throws PortInUseException when a listen address is taken
   */
  public synchronized SwappableTransport start(TransportProvider provider) {
    transport = new SwappableTransport(open(provider, listen));
    active = provider;
    return transport;
  }

  /** The replication to resync after a swap (absent when the node runs no applications). */
  public void replicator(Supplier<Replicator> replication) {
    this.replicator = replication;
  }

  synchronized CapabilityStatus status() {
    return new CapabilityStatus(
        "transport", active.name(), new ArrayList<>(new TreeSet<>(deployed().keySet())));
  }

  /**
   * Whether the active provider's name now belongs to another instance (its bundle was updated).
   */
  synchronized boolean replaced() {
    TransportProvider deployed = deployed().get(active.name());
    return deployed != null && deployed != active;
  }

  synchronized String activeName() {
    return active.name();
  }

  /**
   * Closes the transport now when its provider's service went away (the bundle stops for an update,
   * a refresh or an uninstall): the bundle's classes still load while it stops, and not after a
   * refresh, when a close would fail half way and keep the port bound. The node runs without a
   * transport (gossip held, requests refused) until a swap opens the next one, which redials the
   * peers remembered here.
   */
  synchronized void release() {
    if (active == null || deployed().get(active.name()) == active) {
      return;
    }
    Transport old = transport.current();
    if (old == null) {
      return;
    }
    remember(dialable(old.networkStatus()));
    transport.detach();
    releasedAt = ticker.getAsLong();
    closeQuietly(old);
    LOG.log(
        System.Logger.Level.INFO,
        "transport provider '"
            + active.name()
            + "' went away: its transport is closed until a new instance is deployed");
  }

  private void remember(List<PeerAddresses> peers) {
    for (PeerAddresses peer : peers) {
      remembered.remove(peer.peer());
      remembered.put(peer.peer(), peer);
    }
    while (remembered.size() > MAX_REMEMBERED) {
      remembered.remove(remembered.keySet().iterator().next());
    }
  }

  private synchronized void forget(PeerAddresses peer) {
    remembered.remove(peer.peer(), peer);
  }

  private Map<String, TransportProvider> deployed() {
    return providers.get().transports();
  }

  /**
   * Checks a swap request: {@code to} must be deployed; the same provider instance with the same
   * listen addresses is refused as already active.
   *
   * @param requested the listen multiaddrs, or null to keep the current ones
   */
  synchronized Plan plan(TransportProvider to, List<String> requested) {
    List<String> next = requested == null ? listen : checked(requested);
    if (to == active && next.equals(listen)) {
      throw new ProviderAlreadyActiveException(
          "transport '"
              + to.name()
              + "' is already active on "
              + listen
              + "; name other listen addresses or another provider");
    }
    return new Plan(active, listen, to, next);
  }

  private static List<String> checked(List<String> requested) {
    if (requested.isEmpty() || requested.size() > MAX_LISTEN) {
      throw new IllegalArgumentException(
          "listen takes 1 to " + MAX_LISTEN + " multiaddrs, not " + requested.size());
    }
    for (String address : requested) {
      if (address == null
          || address.length() > 256
          || !address.startsWith("/")
          || !address.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\\')) {
        throw new IllegalArgumentException(
            "listen address is not a multiaddr such as /ip4/0.0.0.0/tcp/2428: " + address);
      }
    }
    return List.copyOf(requested);
  }

  /** What one swap changes. */
  record Plan(
      TransportProvider fromProvider,
      List<String> fromListen,
      TransportProvider toProvider,
      List<String> toListen) {}

  /** Runs the swap's phases on the job's thread; on failure the old transport is back. */
  void run(JobProgress job, Plan plan) throws InterruptedException {
    job.countPhases(4); // draining, switching, reconnecting, resyncing: done=4 of 4 when finished
    job.phase(SwapJob.Phase.DRAINING, transport.inFlight());
    transport.pause();
    int running = transport.inFlight();
    job.total(running);
    int left = transport.awaitIdle(DRAIN_LIMIT);
    job.advance(Math.max(0, running - left));
    job.phase(SwapJob.Phase.SWITCHING, 1);
    Transport next = null;
    List<PeerAddresses> peers;
    // One switch at a time with release(): a provider that goes while this opens its successor
    // has it closed once attached, not half opened.
    synchronized (this) {
      Transport old = transport.current();
      long offline = old == null && releasedAt >= 0 ? releasedAt : ticker.getAsLong();
      if (old != null) {
        remember(dialable(old.networkStatus()));
      }
      peers = List.copyOf(remembered.values());
      Transport closing = transport.detach();
      if (closing != null) {
        closeQuietly(closing);
      }
      try {
        next = open(plan.toProvider(), plan.toListen());
        home.recordTransport(plan.toProvider().name(), plan.toListen());
      } catch (RuntimeException | LinkageError e) {
        if (next != null) {
          closeQuietly(next);
        }
        rollBack(plan, e);
        job.pause(ticker.getAsLong() - offline);
        throw new SwapFailedException(
            "the new transport failed: "
                + e.getMessage()
                + "; back on "
                + plan.fromProvider().name()
                + " "
                + plan.fromListen(),
            e);
      }
      transport.attach(next);
      releasedAt = -1;
      job.pause(ticker.getAsLong() - offline);
      job.advance(1);
      active = plan.toProvider();
      listen = plan.toListen();
    }
    try {
      reconnect(job, next, peers);
      resync(job);
    } catch (RuntimeException e) {
      if (transport.current() != next) {
        // release() closed it: its provider went away while this job dialled or resynced
        throw new SwapSupersededException(
            "the transport it switched to was closed when its provider went away (the bundle was"
                + " updated or refreshed again); the job for the newer instance takes over",
            e);
      }
      throw e;
    }
  }

  private void rollBack(Plan plan, Throwable cause) {
    try {
      transport.attach(open(plan.fromProvider(), plan.fromListen()));
    } catch (RuntimeException | LinkageError again) {
      cause.addSuppressed(again);
      LOG.log(
          System.Logger.Level.ERROR,
          "the old transport could not be reopened: the node runs offline (writes still commit)",
          again);
    }
  }

  /**
   * Dials the peers that were connected (a peer reached is forgotten; one that is not stays for the
   * next swap); the transport itself dials the bootstrap list.
   */
  private void reconnect(JobProgress job, Transport next, List<PeerAddresses> peers)
      throws InterruptedException {
    job.phase(SwapJob.Phase.RECONNECTING, peers.size());
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (PeerAddresses peer : peers) {
      dials.add(
          next.connect(peer.peer(), peer.addresses())
              .toCompletableFuture()
              .whenComplete(
                  (p, e) -> {
                    if (e == null) {
                      forget(peer);
                    }
                    job.advance(e == null ? 1 : 0);
                  }));
    }
    await(dials);
  }

  private void resync(JobProgress job) throws InterruptedException {
    Replicator replication = replicator.get();
    if (replication == null) {
      return;
    }
    var contexts = replication.contexts();
    job.phase(SwapJob.Phase.RESYNCING, contexts.size());
    List<CompletableFuture<?>> syncs = new ArrayList<>();
    for (var context : contexts) {
      syncs.add(replication.syncNow(context).whenComplete((s, e) -> job.advance(1)));
    }
    await(syncs);
  }

  private static void await(List<CompletableFuture<?>> all) throws InterruptedException {
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(PEER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a peer that is gone or slow is not a failed swap: periodic sync and redials continue
      LOG.log(System.Logger.Level.DEBUG, "after the transport swap: {0}", e.toString());
    }
  }

  /** Peers this node dialled directly: their remote address is where they listen. */
  private static List<PeerAddresses> dialable(NetworkStatus status) {
    List<PeerAddresses> peers = new ArrayList<>();
    for (NetworkStatus.ConnectionInfo c : status.connections()) {
      if (c.outbound() && !c.relayed() && c.remoteAddress().startsWith("/")) {
        peers.add(new PeerAddresses(c.peer(), List.of(c.remoteAddress())));
      }
    }
    return peers;
  }

  private Transport open(TransportProvider provider, List<String> addresses) {
    try {
      return provider.start(
          new TransportConfig(identity, addresses, config.swarm().bootstrap(), config.discovery()));
    } catch (AddressInUseException e) {
      throw new PortInUseException(
          "swarm address already in use ("
              + e.getMessage()
              + "); change [swarm] listen in "
              + home.configFile(),
          e);
    }
  }

  private static void closeQuietly(Transport t) {
    try {
      t.close();
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a transport of a bundle revision already refreshed away cannot load classes
      LOG.log(System.Logger.Level.WARNING, "closing the old transport failed", e);
    }
  }
}
