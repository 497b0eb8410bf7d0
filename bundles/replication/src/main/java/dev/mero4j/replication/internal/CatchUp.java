package dev.mero4j.replication.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls what one peer has and this replica lacks, for one context:
 *
 * <pre>
 *   HEADS ─► same root, every peer head known, nothing pending? done
 *        ─► deltas since our heads, in pages (or a snapshot first): {@link SinceHeadsCatchUp}
 *        ─► still missing? ask for the peer's unknown heads ─► apply ─► ask for the parents still missing ─► …
 *           until nothing is missing, the peer cannot serve more, or maxRounds is reached
 * </pre>
 */
public final class CatchUp {
  private final SyncRequests requests;
  private final ReplicationConfig config;
  private final SinceHeadsCatchUp since;

  private final Clock clock;

  /** Catches up through {@code requests}; each pull from one peer ends by its deadline. */
  public CatchUp(SyncRequests requests, ReplicationConfig config, Clock clock) {
    this.requests = requests;
    this.config = config;
    this.clock = clock;
    this.since = new SinceHeadsCatchUp(requests);
  }

  /** What one catch-up found. */
  public record Result(boolean known, boolean sameRoot, int applied, List<DeltaId> unserved) {}

  public Result pull(PeerId peer, Replica replica) {
    return pull(peer, replica, (received, total) -> {});
  }

  /**
   * Pulls from {@code peer}, reporting snapshot bytes received to {@code progress}.
   *
   * @throws CatchUpDeadline.Exceeded when the peer takes longer than {@link
   *     CatchUpDeadline#REQUEST_TIMEOUTS} request timeouts in all
   */
  public Result pull(PeerId peer, Replica replica, SnapshotFetch.Progress progress) {
    CatchUpDeadline deadline = CatchUpDeadline.after(clock, config.requestTimeout());
    ReplicaLog log = replica.log();
    SyncFrame.HeadsResponse heads =
        requests.ask(peer, new SyncFrame.HeadsRequest(replica.id()), SyncFrame.HeadsResponse.class);
    if (!heads.known()) {
      return new Result(false, false, 0, List.of());
    }
    List<DeltaId> want = new ArrayList<>();
    for (DeltaId head : heads.heads()) {
      if (!log.contains(head)) {
        want.add(head);
      }
    }
    // Equal roots are not enough: a delta that lost a last-writer-wins race changes no visible
    // state, so a replica that missed it has the same root and would never fetch it.
    if (want.isEmpty() && log.pendingCount() == 0 && heads.root().equals(log.frontier().root())) {
      return new Result(true, true, 0, List.of());
    }
    SinceHeadsCatchUp.Result fast = since.pull(peer, replica, progress, deadline);
    int applied = fast.applied();
    want.removeIf(log::contains);
    List<DeltaId> unserved = new ArrayList<>();
    for (int round = 0; round < config.maxRounds(); round++) {
      if (want.isEmpty()) {
        want = new ArrayList<>(log.missingParents(config.maxDeltasPerRequest()));
        want.removeAll(unserved);
      }
      if (want.isEmpty()) {
        break;
      }
      deadline.check(peer);
      SyncFrame.GetResponse got =
          requests.ask(
              peer,
              new SyncFrame.GetRequest(
                  replica.id(),
                  want.subList(0, Math.min(want.size(), config.maxDeltasPerRequest()))),
              SyncFrame.GetResponse.class);
      unserved.addAll(got.missing());
      for (byte[] envelope : got.envelopes()) {
        try {
          applied += log.applyRemote(envelope).applied().size();
        } catch (RejectedDeltaException e) {
          throw new ProtocolViolationException(
              "peer " + peer + " served a rejected delta: " + e.getMessage(), e);
        }
      }
      want = new ArrayList<>();
      if (got.envelopes().isEmpty()) {
        break;
      }
    }
    return new Result(true, heads.root().equals(log.frontier().root()), applied, unserved);
  }
}
