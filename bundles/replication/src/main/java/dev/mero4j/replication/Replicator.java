package dev.mero4j.replication;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.replication.internal.AppProtocol;
import dev.mero4j.replication.internal.AppServer;
import dev.mero4j.replication.internal.BehindPulls;
import dev.mero4j.replication.internal.CatchUp;
import dev.mero4j.replication.internal.GossipIntake;
import dev.mero4j.replication.internal.GossipQueue;
import dev.mero4j.replication.internal.GovernanceGossip;
import dev.mero4j.replication.internal.GovernanceSync;
import dev.mero4j.replication.internal.Heartbeats;
import dev.mero4j.replication.internal.JoinClient;
import dev.mero4j.replication.internal.Rejections;
import dev.mero4j.replication.internal.Rejoins;
import dev.mero4j.replication.internal.RemoteHost;
import dev.mero4j.replication.internal.Rendezvous;
import dev.mero4j.replication.internal.ReplicationCounters;
import dev.mero4j.replication.internal.ReplicationWork;
import dev.mero4j.replication.internal.SessionTags;
import dev.mero4j.replication.internal.SlowPeers;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.replication.internal.SyncRequests;
import dev.mero4j.replication.internal.SyncRound;
import dev.mero4j.replication.internal.SyncServer;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.CommitFeed;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Subscription;
import dev.mero4j.transport.api.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Keeps every context of this node converged with its peers over a {@link Transport}.
 *
 * <pre>
 *   local commit ──► publish Delta on the context topic (at once)
 *   topic Delta  ──► replica.applyRemote ──► PENDING? pull the missing parents from the sender
 *   topic Heartbeat: other root or a head we lack ──► pull from that peer
 *   every syncInterval, on join and on reconnect ──► pull from every connected peer
 *   pull = HEADS, then GET unknown heads and missing parents until nothing is missing
 * </pre>
 *
 * Offline, writes keep committing locally; when peers return, heartbeats and periodic sync converge
 * without operator action.
 */
public final class Replicator implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Replicator.class.getName());

  /** How long {@link #close} waits for running sync work before interrupting it. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private final Transport transport;
  private final ReplicaDirectory replicas;
  private final CommitFeed feed;
  private final Admissions admissions;
  private final ApplicationTransfer apps;
  private final ReplicationConfig config;
  private final Clock clock;
  private final SyncRound rounds;
  private final GossipIntake intake;
  private final GossipQueue gossip;
  private final SessionTags tags;
  private final GovernanceGossip governance;
  private final JoinClient joins;
  private final Rendezvous rendezvous;
  private final Heartbeats heartbeats;
  private final ReplicationWork work;
  private final Map<ContextId, Tracked> tracked = new ConcurrentHashMap<>();
  private final Rejections rejected = new Rejections();
  private final ReplicationCounters counters = new ReplicationCounters();
  private volatile boolean closed;

  /**
   * Replicates the contexts of {@code runtime}, which implements the four runtime-api interfaces
   * replication needs.
   */
  public <R extends ReplicaDirectory & CommitFeed & Admissions & ApplicationTransfer> Replicator(
      Transport transport, R runtime, ReplicationConfig config, Clock clock) {
    this(transport, runtime, config, clock, ReplicationWork.owned());
  }

  /**
   * Runs all replication work on {@code worker} (a deterministic simulator injects a virtual-time
   * scheduler); the caller owns it, so {@link #close} cancels this replicator's tasks but does not
   * shut it down.
   */
  public <R extends ReplicaDirectory & CommitFeed & Admissions & ApplicationTransfer> Replicator(
      Transport transport,
      R runtime,
      ReplicationConfig config,
      Clock clock,
      ScheduledExecutorService worker) {
    this(transport, runtime, config, clock, ReplicationWork.on(worker));
  }

  private <R extends ReplicaDirectory & CommitFeed & Admissions & ApplicationTransfer> Replicator(
      Transport transport, R runtime, ReplicationConfig config, Clock clock, ReplicationWork work) {
    this.transport = transport;
    this.replicas = runtime;
    this.feed = runtime;
    this.admissions = runtime;
    this.apps = runtime;
    this.config = config;
    this.clock = clock;
    this.tags = new SessionTags(runtime, transport.localPeer().id());
    SyncRequests requests = new SyncRequests(transport, config.requestTimeout(), tags, runtime);
    this.governance =
        new GovernanceGossip(
            replicas,
            new GovernanceSync(requests),
            work,
            rejected,
            new Rejoins(runtime, work),
            new BehindPulls(clock));
    this.rounds =
        new SyncRound(
            runtime,
            transport,
            new CatchUp(requests, config, clock),
            governance,
            new SlowPeers(clock));
    this.intake =
        new GossipIntake(transport, runtime, clock, config.heartbeatInterval(), rejected, counters);
    this.joins = new JoinClient(transport, runtime, config.requestTimeout(), clock);
    this.rendezvous = new Rendezvous(transport, transport.routing(), runtime, clock);
    this.heartbeats = new Heartbeats(transport, replicas, clock);
    this.gossip = new GossipQueue(transport, work);
    this.work = work;
  }

  /** Serves the sync protocol, joins every context's topic and starts the periodic work. */
  public void start() {
    transport.serve(
        SyncProtocol.ID,
        new SyncServer(
                replicas, admissions, config.maxDeltasPerRequest(), config.snapshotAfter(), tags)
            .servingJoins(joins.sessions()));
    transport.serve(AppProtocol.ID, new AppServer(apps));
    feed.onCommit((ctx, envelope) -> publish(ctx, new SyncFrame.Delta(envelope)));
    feed.onGovernance((ctx, sealedOp) -> publish(ctx, new SyncFrame.Governance(sealedOp)));
    feed.onJoin(this::syncAfterJoin);
    feed.onDelete(this::untrack);
    admissions.setJoiner(joins);
    replicas.contextIds().forEach(this::track);
    transport.addPeerListener(
        new dev.mero4j.transport.api.PeerListener() {
          @Override
          public void connected(PeerId peer) {
            rounds.forgive(peer);
            tracked
                .keySet()
                .forEach(ctx -> work.sync("sync on connect", () -> syncWith(ctx, List.of(peer))));
          }

          @Override
          public void disconnected(PeerId peer) {}
        });
    work.every("periodic sync", config.syncInterval(), this::syncAll);
    work.every("heartbeats", config.heartbeatInterval(), () -> heartbeats.send(tracked.keySet()));
    work.every("expire awaiting", config.syncInterval(), () -> intake.expire(tracked.keySet()));
    work.every(
        "rendezvous", config.syncInterval(), () -> rendezvous.run(tracked.keySet(), this::lonely));
  }

  /** True when the last sync of {@code context} reached no member. */
  private boolean lonely(ContextId context) {
    Tracked t = tracked.get(context);
    return t != null && t.peers == 0;
  }

  /**
   * Joins a context with an invitation: a connected member admits this node, then the state arrives
   * by sync (started at once). Same as {@link Admissions#join(String)} once started.
   */
  public CreatedContext join(String invitation) {
    return admissions.join(invitation);
  }

  /** Starts a comparison with every connected peer; completes with the status after it. */
  public CompletableFuture<SyncStatus> syncNow(ContextId context) {
    track(context);
    return work.syncAsync(
        () -> {
          syncWith(context, List.copyOf(transport.connectedPeers()));
          return status(context);
        });
  }

  /** A context just joined: sync it on the sync executor, where a failure is logged and counted. */
  private void syncAfterJoin(ContextId context) {
    track(context);
    work.sync("sync after join", () -> syncWith(context, List.copyOf(transport.connectedPeers())));
  }

  public SyncStatus status(ContextId context) {
    ReplicaLog log = replicas.log(context);
    return Tracked.status(tracked.get(context), context, log.frontier().root(), log.pendingCount());
  }

  /** A digest of every context root on this node; two nodes holding the same state agree on it. */
  public Hash digest() {
    BinaryWriter out = new BinaryWriter();
    for (ContextId id : new TreeSet<>(replicas.contextIds())) {
      out.id(id).id(replicas.log(id).frontier().root());
    }
    return Hash.sha256(out.toByteArray());
  }

  /** Envelopes refused from peers since start. */
  public long rejectedCount() {
    return rejected.total();
  }

  /** The refusals counted by the peer whose message led to each (see {@link Rejections}). */
  public Map<PeerId, Long> rejectedBy() {
    return rejected.byPeer();
  }

  /** What replication did since start, for operators. */
  public ReplicationStats stats() {
    return counters.snapshot(rejected.total(), work.failures());
  }

  /** Task runs that failed since start (each logged; periodic tasks keep running). */
  public long failedTaskCount() {
    return work.failures();
  }

  @Override
  public void close() {
    closed = true;
    rendezvous.close();
    tracked.values().forEach(t -> t.subscription.close());
    tracked.clear();
    work.close(CLOSE_GRACE);
  }

  private void track(ContextId context) {
    if (closed || tracked.containsKey(context)) {
      return;
    }
    // Subscribing talks to the transport: done outside the map's lock, the loser closes its own.
    Subscription subscription =
        transport.subscribe(
            topic(context),
            message -> gossip.offerChecked(message, host -> received(context, message, host)));
    if (tracked.putIfAbsent(context, new Tracked(subscription)) != null) {
      subscription.close();
    }
  }

  /** Forgets a deleted context: no more topic, heartbeats or syncs for it. */
  private void untrack(ContextId context) {
    Tracked t = tracked.remove(context);
    intake.forget(context);
    if (t != null) {
      t.subscription.close();
    }
  }

  private String topic(ContextId context) {
    return SyncProtocol.topic(replicas.rendezvousSecret(context));
  }

  /** Publishes on the context's topic; one still being created has no record yet, nor members. */
  private void publish(ContextId context, SyncFrame frame) {
    try {
      track(context);
      transport.publish(topic(context), SyncCodec.encode(frame));
      counters.published();
    } catch (UnknownContextException e) {
      LOG.log(System.Logger.Level.DEBUG, "not published for {0}: {1}", context, e.getMessage());
    }
  }

  /** Off the worker: decodes a frame and checks a delta's envelope; returns what to apply. */
  private Runnable received(ContextId context, Message message, Optional<RemoteHost> host) {
    SyncFrame frame;
    try {
      frame = SyncCodec.decode(message.payload());
    } catch (PrimitiveException e) {
      rejected.add(message.from());
      transport.penalize(message.from(), "malformed sync frame");
      LOG.log(
          System.Logger.Level.DEBUG,
          "malformed frame from {0}: {1}",
          message.from(),
          e.getMessage());
      return () -> {};
    }
    try {
      GossipIntake.Checked checked =
          frame instanceof SyncFrame.Delta d
              ? intake.check(context, d.envelope(), message.from(), host)
              : null;
      return () -> dispatch(context, frame, checked, message.from());
    } catch (UnknownContextException e) {
      return () -> notHeld(context, e);
    }
  }

  private void dispatch(
      ContextId context, SyncFrame frame, GossipIntake.Checked checked, PeerId from) {
    try {
      if (checked != null && intake.apply(checked)) {
        work.sync("sync on gossip", () -> syncWith(context, List.of(from)));
      } else if (frame instanceof SyncFrame.Heartbeat h) {
        heartbeat(context, h, from);
      } else if (frame instanceof SyncFrame.Governance g) {
        governance.apply(context, g.sealed(), from);
      }
    } catch (UnknownContextException e) {
      notHeld(context, e);
    }
  }

  private static void notHeld(ContextId context, UnknownContextException e) {
    // Deleted (onDelete untracks it) or not yet recorded by a create that is finishing.
    LOG.log(
        System.Logger.Level.DEBUG,
        "frame for context {0} not held here: {1}",
        context,
        e.getMessage());
  }

  private void heartbeat(ContextId context, SyncFrame.Heartbeat h, PeerId from) {
    heartbeats
        .read(context, h, from)
        .ifPresent(
            verdict -> {
              rounds.forgive(from);
              if (verdict.pullGovernance()) {
                work.sync(
                    "governance pull", () -> governance.pull(context, from, verdict.unknownOps()));
              }
              if (verdict.sync()) {
                work.sync("sync on heartbeat", () -> syncWith(context, List.of(from)));
              }
            });
  }

  /** Bytes of {@code peer}'s gossip buffered here in the current budget window. */
  public long bufferedGossipBytes(PeerId peer) {
    return intake.bufferedBytes(peer);
  }

  private void syncAll() {
    List<PeerId> peers = List.copyOf(transport.connectedPeers());
    for (ContextId ctx : tracked.keySet()) {
      work.sync("periodic sync", () -> syncWith(ctx, peers));
    }
  }

  /** Pulls from each peer in turn (skipping those backing off); one sync per context at a time. */
  private void syncWith(ContextId context, List<PeerId> peers) {
    Tracked t = tracked.get(context);
    if (closed || t == null || !t.syncing.compareAndSet(false, true)) {
      return;
    }
    try {
      SyncRound.Outcome outcome =
          rounds.run(
              context,
              peers,
              (received, total) -> t.snapshot = new SyncStatus.SnapshotProgress(received, total),
              () -> t.snapshot = null);
      counters.round(outcome.errors().size(), outcome.fetched());
      t.peers = outcome.answered();
      t.synced = outcome.answered() > 0 && outcome.allSame();
      t.lastSync = Instant.now(clock);
      t.lastError = outcome.errors().isEmpty() ? null : String.join("; ", outcome.errors());
    } catch (UnknownContextException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "sync of deleted context {0}: {1}", context, e.getMessage());
    } finally {
      t.syncing.set(false);
    }
  }

  /** Every tracked context. */
  public Set<ContextId> contexts() {
    return Set.copyOf(tracked.keySet());
  }
}
