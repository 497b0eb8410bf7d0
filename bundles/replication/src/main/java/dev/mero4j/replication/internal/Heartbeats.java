package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The heartbeats of a node's contexts: each announces its root, heads and governance heads on the
 * context topic, sealed under the context key; a peer's heartbeat tells what to pull from it.
 */
public final class Heartbeats {
  private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());

  private final Transport transport;
  private final ReplicaDirectory replicas;
  private final BehindPulls behind;

  public Heartbeats(Transport transport, ReplicaDirectory replicas, Clock clock) {
    this.transport = transport;
    this.replicas = replicas;
    this.behind = new BehindPulls(clock);
  }

  /**
   * What a peer's heartbeat asks of this node: governance ops to fetch (the whole log when {@code
   * behind}), and whether to sync.
   */
  public record Verdict(List<GovernanceOpId> unknownOps, boolean sync, boolean behind) {
    public Verdict {
      unknownOps = List.copyOf(unknownOps);
    }

    /** Whether this node should pull governance from the sender. */
    public boolean pullGovernance() {
      return behind || !unknownOps.isEmpty();
    }
  }

  /**
   * Publishes one heartbeat per context; a context not held here (deleted, or still being created)
   * is skipped.
   */
  public void send(Collection<ContextId> contexts) {
    for (ContextId ctx : contexts) {
      try {
        send(ctx);
      } catch (UnknownContextException e) {
        LOG.log(System.Logger.Level.DEBUG, "no heartbeat for {0}: {1}", ctx, e.getMessage());
      }
    }
  }

  private void send(ContextId ctx) {
    ReplicaLog.Frontier frontier = replicas.log(ctx).frontier();
    byte[] body =
        HeartbeatBody.of(
                frontier.root(), frontier.heads(), replicas.governance(ctx).governanceHeads())
            .encode();
    byte[] sealed;
    try {
      sealed = replicas.keys(ctx).sealFrame(body);
    } catch (UnauthorizedException e) {
      LOG.log(System.Logger.Level.DEBUG, "no heartbeat for {0}: {1}", ctx, e.getMessage());
      return;
    }
    transport.publish(
        SyncProtocol.topic(replicas.rendezvousSecret(ctx)),
        SyncCodec.encode(new SyncFrame.Heartbeat(sealed)));
  }

  /**
   * Reads {@code from}'s heartbeat of {@code context}. One that does not open says this node may
   * have missed a key-rotating op: it is worth a pull of the whole governance log, at most once per
   * {@link BehindPulls#INTERVAL} per sender, and otherwise empty. A peer with another root, or a
   * head unknown here, is worth a sync; a peer with exactly our heads and another root makes this
   * node recompute its root from storage first (once per state).
   */
  public Optional<Verdict> read(ContextId context, SyncFrame.Heartbeat heartbeat, PeerId from) {
    Replica replica = Replica.of(replicas, context);
    HeartbeatBody body;
    try {
      body = HeartbeatBody.decode(replica.keys().openFrame(heartbeat.sealed()));
    } catch (RejectedGovernanceOpException | PrimitiveException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "unreadable heartbeat from {0}: {1}", from, e.getMessage());
      return behind.allow(context, from)
          ? Optional.of(new Verdict(List.of(), false, true))
          : Optional.empty();
    }
    List<GovernanceOpId> unknown =
        body.governanceHeads().stream()
            .filter(id -> !replica.governance().containsGovernance(id))
            .toList();
    ReplicaLog.Frontier here = replica.log().frontier();
    Hash root = here.root();
    if (!body.root().equals(root) && Set.copyOf(body.heads()).equals(Set.copyOf(here.heads()))) {
      // The same deltas cannot give two roots, and no sync would change ours: recompute it from
      // storage (once per state), which repairs an in-memory state gone wrong here.
      root = replica.log().recheckRoot(body.heads());
    }
    boolean sync =
        !body.root().equals(root) || !body.heads().stream().allMatch(replica.log()::contains);
    return Optional.of(new Verdict(unknown, sync, false));
  }
}
