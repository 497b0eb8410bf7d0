package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the deltas peers gossip on context topics: each sender, and each remote host, has a budget
 * of envelopes it may leave buffered ({@link GossipBudget}), and the sender of each envelope left
 * waiting for governance is remembered, so one the runtime drops as never valid penalises who sent
 * it.
 *
 * <pre>
 *   gossip delta ─► (a verification thread) over budget? drop ─► open and verify
 *                ─► (the apply thread, in arrival order) over budget? drop ─► apply
 *                     ─┬─ rejected ─► penalise
 *                      └─ pending ─► charge, remember sender, maybe pull
 *   every expiry round: envelopes waiting past their age ─► penalise their senders
 * </pre>
 */
public final class GossipIntake {
  /** Senders remembered for envelopes left waiting; the least recent is forgotten first. */
  static final int MAX_SENDERS = 16_384;

  private static final System.Logger LOG = System.getLogger(GossipIntake.class.getName());

  private final Transport transport;
  private final ReplicaDirectory replicas;
  private final GossipBudget budget;
  private final Clock clock;
  private final Duration pullInterval;
  private final Rejections rejected;
  private final ReplicationCounters counters;
  private final Map<ContextId, Long> lastAwaitingPull = new ConcurrentHashMap<>();
  private final Map<Hash, PeerId> senders =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, PeerId> eldest) {
          return size() > MAX_SENDERS;
        }
      };

  /**
   * {@code pullInterval} is the least time between two pulls started by envelopes waiting for
   * governance in one context; {@code rejected} counts what peers sent that was refused.
   */
  public GossipIntake(
      Transport transport,
      ReplicaDirectory replicas,
      Clock clock,
      Duration pullInterval,
      Rejections rejected) {
    this(transport, replicas, clock, pullInterval, rejected, new ReplicationCounters());
  }

  /** As above, counting each envelope's outcome in {@code counters}. */
  public GossipIntake(
      Transport transport,
      ReplicaDirectory replicas,
      Clock clock,
      Duration pullInterval,
      Rejections rejected,
      ReplicationCounters counters) {
    this.counters = counters;
    this.transport = transport;
    this.replicas = replicas;
    this.budget = new GossipBudget(clock);
    this.clock = clock;
    this.pullInterval = pullInterval;
    this.rejected = rejected;
  }

  /**
   * A gossiped envelope checked off the apply thread: the log it is for and its {@link
   * ReplicaLog#prepare prepared} form, or why it failed.
   */
  public record Checked(
      ContextId context,
      byte[] envelope,
      PeerId from,
      Optional<RemoteHost> host,
      ReplicaLog log,
      ReplicaLog.PreparedEnvelope prepared,
      RejectedDeltaException failure) {}

  /**
   * Opens and verifies a gossiped envelope from {@code from} that arrived from {@code host}: the
   * costly half, safe on any thread; a sender over its budget costs no verification.
   *
   * @throws UnknownContextException when the context is not held here
   */
  public Checked check(ContextId context, byte[] envelope, PeerId from, Optional<RemoteHost> host) {
    if (!budget.allows(from, host)) {
      return new Checked(context, envelope, from, host, null, null, null);
    }
    ReplicaLog log = replicas.log(context);
    try {
      return new Checked(context, envelope, from, host, log, log.prepare(envelope), null);
    } catch (RejectedDeltaException e) {
      return new Checked(context, envelope, from, host, log, null, e);
    }
  }

  /**
   * Applies a gossiped envelope from {@code from} that arrived from {@code host}.
   *
   * @return whether to pull from the sender (its delta waits for parents or governance)
   */
  public boolean apply(ContextId context, byte[] envelope, PeerId from, Optional<RemoteHost> host) {
    return apply(check(context, envelope, from, host));
  }

  /**
   * Applies an envelope {@link #check} checked, on the apply thread, in arrival order.
   *
   * @return whether to pull from the sender (its delta waits for parents or governance)
   */
  public boolean apply(Checked checked) {
    PeerId from = checked.from();
    if (checked.log() == null || !budget.allows(from, checked.host())) {
      rejected.add(from);
      return false;
    }
    try {
      if (checked.failure() != null) {
        throw checked.failure();
      }
      ReplicaLog.RemoteOutcome outcome = checked.log().applyPrepared(checked.prepared());
      counters.gossip(outcome.status());
      if (outcome.status() != ReplicaLog.RemoteOutcome.Status.PENDING) {
        return false;
      }
      byte[] envelope = checked.envelope();
      if (budget.charge(from, checked.host(), envelope.length)) {
        transport.penalize(from, "gossip that stays buffered past its budget");
      }
      synchronized (senders) {
        senders.put(Hash.sha256(envelope), from);
      }
      return mayPullFor(checked.context(), checked.log());
    } catch (RejectedDeltaException e) {
      rejected.add(from);
      transport.penalize(from, "rejected delta");
      LOG.log(System.Logger.Level.WARNING, "rejected a delta from {0}: {1}", from, e.getMessage());
      return false;
    }
  }

  /**
   * A delta missing parents always pulls from its sender; one that waits for governance (which
   * anyone can fake with bytes shaped like a sealed envelope) does at most once per pull interval,
   * so junk on a topic cannot make this node sync in a loop.
   */
  private boolean mayPullFor(ContextId context, ReplicaLog log) {
    if (!log.missingParents(1).isEmpty()) {
      return true;
    }
    long now = clock.millis();
    Long last = lastAwaitingPull.get(context);
    if (last != null && now - last < pullInterval.toMillis()) {
      return false;
    }
    lastAwaitingPull.put(context, now);
    return true;
  }

  /**
   * Has the runtime drop the envelopes of {@code contexts} that waited for governance past their
   * age, and penalises the peer that sent each.
   *
   * @return how many senders were penalised
   */
  public int expire(Collection<ContextId> contexts) {
    int penalised = 0;
    for (ContextId context : contexts) {
      try {
        for (Hash hash : replicas.governance(context).expireAwaiting()) {
          PeerId sender;
          synchronized (senders) {
            sender = senders.remove(hash);
          }
          if (sender != null) {
            rejected.add(sender);
            transport.penalize(sender, "gossip that never became valid");
            penalised++;
          }
        }
      } catch (UnknownContextException e) {
        LOG.log(System.Logger.Level.DEBUG, "context {0} deleted: {1}", context, e.getMessage());
      }
    }
    return penalised;
  }

  /** Forgets a deleted context. */
  public void forget(ContextId context) {
    lastAwaitingPull.remove(context);
  }

  /** Bytes of {@code peer}'s gossip buffered here in the current budget window. */
  public long bufferedBytes(PeerId peer) {
    return budget.chargedBytes(peer);
  }

  /** Bytes of gossip from the peers of {@code host} buffered here in the current budget window. */
  public long bufferedBytes(RemoteHost host) {
    return budget.chargedBytes(host);
  }
}
