package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.runtime.api.UnopenedGovernanceOpException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportException;
import java.util.List;

/** Governance ops that arrive by gossip, and the pulls they and waiting envelopes need. */
public final class GovernanceGossip {
  private static final System.Logger LOG = System.getLogger(GovernanceGossip.class.getName());

  private final ReplicaDirectory replicas;
  private final GovernanceSync governance;
  private final ReplicationWork work;
  private final Rejections rejected;
  private final Rejoins rejoins;
  private final BehindPulls behind;

  /**
   * Rejected deltas and ops are added to {@code rejected}; pulls run on {@code work}'s sync side;
   * after governance applied, {@code rejoins} checks whether this node's own admission proved void;
   * an op sealed under a key this node lacks starts a pull of the sender's log when {@code behind}
   * allows, and is not counted as refused.
   */
  public GovernanceGossip(
      ReplicaDirectory replicas,
      GovernanceSync governance,
      ReplicationWork work,
      Rejections rejected,
      Rejoins rejoins,
      BehindPulls behind) {
    this.replicas = replicas;
    this.governance = governance;
    this.work = work;
    this.rejected = rejected;
    this.rejoins = rejoins;
    this.behind = behind;
  }

  /** Applies one sealed op from {@code from}; ops it names but this node lacks are pulled. */
  public void apply(ContextId context, byte[] sealed, PeerId from) {
    try {
      GovernanceChannel.GovernanceOutcome outcome =
          replicas.governance(context).applyGovernance(sealed);
      rejected.add(from, outcome.rejectedDeltas());
      rejoins.check(context);
      if (!outcome.missing().isEmpty()) {
        List<GovernanceOpId> missing = List.copyOf(outcome.missing());
        work.sync("governance pull", () -> pull(context, from, missing));
      }
    } catch (UnopenedGovernanceOpException e) {
      // Sealed under a key an op this node lacks introduced: behind, not refused. Junk sent to
      // look like it costs a pull from its sender at most once per BehindPulls.INTERVAL.
      LOG.log(
          System.Logger.Level.DEBUG, "governance op from {0} unopened: {1}", from, e.getMessage());
      if (behind.allow(context, from)) {
        work.sync("governance pull", () -> pull(context, from, List.of()));
      }
    } catch (RejectedGovernanceOpException e) {
      rejected.add(from);
      LOG.log(
          System.Logger.Level.WARNING,
          "rejected a governance op from {0}: {1}",
          from,
          e.getMessage());
    }
  }

  /**
   * Fetches the whole governance log from {@code peer} when envelopes or ops here wait for some.
   */
  public void pullIfWaiting(PeerId peer, Replica replica) {
    if (replica.keys().wantsKeys()) {
      GovernanceSync.Result result = governance.pullKeys(peer, replica);
      rejected.add(peer, result.rejectedDeltas() + result.rejectedOps());
    }
    if (GovernanceSync.needed(replica.governance())) {
      GovernanceSync.Result result = governance.pull(peer, replica, List.of());
      rejected.add(peer, result.rejectedDeltas() + result.rejectedOps());
      rejoins.check(replica.id());
      int dropped = replica.governance().discardAwaiting();
      if (dropped > 0) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "dropped {0} envelopes under keys unknown after a governance pull",
            dropped);
      }
    }
  }

  /** Fetches governance ops (all when {@code ids} is empty) from one peer and applies them. */
  public void pull(ContextId context, PeerId from, List<GovernanceOpId> ids) {
    try {
      GovernanceSync.Result result = governance.pull(from, Replica.of(replicas, context), ids);
      rejected.add(from, result.rejectedDeltas() + result.rejectedOps());
      rejoins.rejoin(context);
    } catch (TransportException | RuntimeApiException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "governance pull from {0} failed: {1}", from, e.getMessage());
    }
  }
}
