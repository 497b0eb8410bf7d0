package dev.mero4j.replication.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.List;

/**
 * Catches a replica up from one peer without per-delta round trips:
 *
 * <pre>
 *   SINCE(heads, recent ids, cursor 0) ─► PAGE ─► apply all ─► SINCE(same, cursor next) ─► … ─► done
 *                                      ─► PRUNED | TOO_FAR ─► snapshot ─► SINCE(new heads) (once)
 *                                      ─► REQUESTER_AHEAD ─► nothing now: the peer pulls from us first
 * </pre>
 */
public final class SinceHeadsCatchUp {
  /** Recent ids sent with the heads, so a requester with unknown heads is not sent everything. */
  static final int SUMMARY = 64;

  /** Pages of one catch-up before it yields to the next sync. */
  static final int MAX_PAGES = 10_000;

  /** Pages in a row that apply nothing new before the batched catch-up gives up on the peer. */
  static final int MAX_IDLE_PAGES = 2;

  private final SnapshotFetch snapshots;
  private final SyncRequests requests;

  public SinceHeadsCatchUp(SyncRequests requests) {
    this.requests = requests;
    this.snapshots = new SnapshotFetch(requests);
  }

  /** What one catch-up did. */
  public record Result(boolean known, int applied, boolean snapshot) {}

  /**
   * Pulls what {@code peer} has beyond this replica's heads.
   *
   * @throws ProtocolViolationException if the peer serves a rejected delta or a bad snapshot
   */
  public Result pull(PeerId peer, Replica replica, SnapshotFetch.Progress progress) {
    return pull(peer, replica, progress, CatchUpDeadline.none());
  }

  /**
   * {@link #pull(PeerId, Replica, SnapshotFetch.Progress)} that gives up at {@code deadline}.
   *
   * @throws CatchUpDeadline.Exceeded once the deadline passed
   */
  public Result pull(
      PeerId peer, Replica replica, SnapshotFetch.Progress progress, CatchUpDeadline deadline) {
    int applied = 0;
    int idle = 0;
    boolean snapshot = false;
    List<DeltaId> heads = replica.log().frontier().heads();
    List<DeltaId> recent = replica.transfer().recentIds(SUMMARY);
    int cursor = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      deadline.check(peer);
      SyncFrame.SinceResponse response =
          requests.ask(
              peer,
              new SyncFrame.SinceRequest(replica.id(), heads, recent, cursor),
              SyncFrame.SinceResponse.class);
      SyncFrame.SinceOutcome outcome = response.outcome();
      if (outcome == SyncFrame.SinceOutcome.UNKNOWN_CONTEXT) {
        return new Result(false, applied, snapshot);
      }
      if (outcome == SyncFrame.SinceOutcome.REQUESTER_AHEAD) {
        return new Result(true, applied, snapshot);
      }
      if (outcome == SyncFrame.SinceOutcome.PRUNED || outcome == SyncFrame.SinceOutcome.TOO_FAR) {
        if (snapshot || !snapshots.fetch(peer, replica, progress, deadline)) {
          return new Result(true, applied, snapshot);
        }
        snapshot = true;
        heads = replica.log().frontier().heads();
        recent = replica.transfer().recentIds(SUMMARY);
        cursor = 0;
        continue;
      }
      requireProgress(peer, response, cursor);
      int now;
      try {
        now = replica.log().applyRemoteAll(response.envelopes());
      } catch (RejectedDeltaException e) {
        throw new ProtocolViolationException(
            "peer " + peer + " served a rejected delta: " + e.getMessage(), e);
      }
      applied += now;
      idle = now == 0 ? idle + 1 : 0;
      if (idle >= MAX_IDLE_PAGES) {
        return new Result(true, applied, snapshot);
      }
      cursor = response.next();
      if (cursor >= response.total()) {
        break;
      }
    }
    return new Result(true, applied, snapshot);
  }

  /**
   * A page must hold exactly the positions {@code [cursor, next)} it claims and advance unless the
   * list is done: an empty or padded page would let a peer keep a catch-up busy for nothing.
   */
  private static void requireProgress(PeerId peer, SyncFrame.SinceResponse response, int cursor) {
    int served = response.envelopes().size();
    if (response.next() < cursor
        || response.next() > response.total()
        || response.next() - cursor != served
        || (served == 0 && cursor < response.total())) {
      throw new ProtocolViolationException(
          "peer "
              + peer
              + " sent a catch-up page of "
              + served
              + " envelopes for positions "
              + cursor
              + ".."
              + response.next()
              + " of "
              + response.total());
    }
  }

  /** Bytes of a snapshot download kept for resuming, for a context. */
  public long pendingSnapshotBytes(dev.mero4j.primitives.ContextId context) {
    return snapshots.pendingBytes(context);
  }
}
