package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.transport.api.PeerBusyException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * One sync of a context: catches up from each usable peer in turn. A peer that stalls, passes its
 * catch-up deadline or breaks the protocol backs off (and a liar is reported to the transport), so
 * the next sync goes to the others; a busy peer is only skipped.
 */
public final class SyncRound {
  private final ReplicaDirectory replicas;
  private final Transport transport;
  private final CatchUp catchUp;
  private final GovernanceGossip governance;
  private final SlowPeers slow;

  public SyncRound(
      ReplicaDirectory replicas,
      Transport transport,
      CatchUp catchUp,
      GovernanceGossip governance,
      SlowPeers slow) {
    this.replicas = replicas;
    this.transport = transport;
    this.catchUp = catchUp;
    this.governance = governance;
    this.slow = slow;
  }

  /**
   * {@code peer} (re)connected or sent a heartbeat that opens (a live member): whatever it stalled
   * before is forgiven.
   */
  public void forgive(PeerId peer) {
    slow.served(peer);
  }

  /**
   * What a sync found: members that answered, whether all had our root, each failure, and the
   * deltas its catch-up pages applied.
   */
  public record Outcome(int answered, boolean allSame, List<String> errors, int fetched) {}

  /**
   * Syncs {@code context} with {@code peers} (those backing off are skipped).
   *
   * @throws dev.mero4j.runtime.api.UnknownContextException when the context is deleted meanwhile
   */
  public Outcome run(
      ContextId context, List<PeerId> peers, SnapshotFetch.Progress progress, Runnable after) {
    int answered = 0;
    int fetched = 0;
    boolean allSame = true;
    List<String> errors = new ArrayList<>();
    for (PeerId peer : slow.usable(peers)) {
      try {
        Replica replica = Replica.of(replicas, context);
        governance.pullIfWaiting(peer, replica);
        CatchUp.Result result = catchUp.pull(peer, replica, progress);
        fetched += result.applied();
        if (result.known()) {
          answered++;
          allSame &= result.sameRoot();
        }
        governance.pullIfWaiting(peer, replica);
        slow.served(peer);
      } catch (PeerBusyException e) {
        errors.add(peer + " is busy: " + e.getMessage());
      } catch (ProtocolViolationException e) {
        slow.strike(peer);
        if (!(e.getCause() instanceof RejectedDeltaException)) {
          // A delta this replica judges differently may be honest history; a broken page is not.
          transport.penalize(peer, e.getMessage());
        }
        errors.add(peer + ": " + e.getMessage());
      } catch (RequestTimeoutException | CatchUpDeadline.Exceeded e) {
        slow.strike(peer);
        errors.add(peer + " stalled: " + e.getMessage());
      } catch (TransportException e) {
        errors.add(peer + ": " + e.getMessage());
      } catch (dev.mero4j.runtime.api.UnknownContextException e) {
        throw e;
      } catch (RuntimeApiException e) {
        errors.add(peer + ": " + e.getMessage());
      } finally {
        after.run();
      }
    }
    return new Outcome(answered, allSame, errors, fetched);
  }
}
