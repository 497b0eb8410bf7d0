package dev.mero4j.replication.internal;

import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.transport.api.PeerId;
import java.util.List;

/**
 * Pulls governance ops from one peer and applies them (the peer serves them in apply order, each
 * sealed under the key current at its parents); the envelopes that waited for them then apply.
 */
public final class GovernanceSync {
  private final SyncRequests requests;

  public GovernanceSync(SyncRequests requests) {
    this.requests = requests;
  }

  /** What one pull did: deltas applied or rejected once their governance arrived, ops refused. */
  public record Result(int ops, int appliedDeltas, int rejectedDeltas, int rejectedOps) {}

  /** Fetches the ops {@code ids} (the whole log when empty) from {@code peer}. */
  public Result pull(PeerId peer, Replica replica, List<GovernanceOpId> ids) {
    List<GovernanceOpId> ask = ids.subList(0, Math.min(ids.size(), SyncCodec.MAX_IDS));
    SyncFrame.GovernanceResponse response =
        requests.ask(
            peer,
            new SyncFrame.GovernanceRequest(replica.id(), ask),
            SyncFrame.GovernanceResponse.class);
    int applied = 0;
    int rejectedDeltas = 0;
    int rejectedOps = 0;
    for (byte[] sealed : response.ops()) {
      try {
        GovernanceChannel.GovernanceOutcome outcome = replica.governance().applyGovernance(sealed);
        applied += outcome.appliedDeltas().size();
        rejectedDeltas += outcome.rejectedDeltas();
      } catch (RejectedGovernanceOpException e) {
        rejectedOps++;
      }
    }
    return new Result(response.ops().size(), applied, rejectedDeltas, rejectedOps);
  }

  /** Asks {@code peer} for this member's keys (when it lacks one) and takes them. */
  public Result pullKeys(PeerId peer, Replica replica) {
    SyncFrame.KeyResponse response =
        requests.ask(
            peer,
            new SyncFrame.KeyRequest(replica.id(), replica.keys().memberKey()),
            SyncFrame.KeyResponse.class);
    if (response.keys().isEmpty()) {
      return new Result(0, 0, 0, 0);
    }
    try {
      GovernanceChannel.GovernanceOutcome outcome = replica.keys().acceptKeys(response.keys());
      return new Result(0, outcome.appliedDeltas().size(), outcome.rejectedDeltas(), 0);
    } catch (RejectedGovernanceOpException e) {
      return new Result(0, 0, 0, 1);
    }
  }

  /** Whether a catch-up with a peer should fetch governance first: something here waits for it. */
  public static boolean needed(GovernanceChannel governance) {
    return governance.awaitingGovernanceCount() > 0 || !governance.missingGovernance().isEmpty();
  }
}
