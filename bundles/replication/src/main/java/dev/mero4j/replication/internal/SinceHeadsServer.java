package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.DeltasSince;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.transport.api.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves "deltas since these heads": walks the DAG once per request key (peer, context, known set),
 * keeps the causal list for the next pages, and answers each page from it. A later page of an
 * evicted walk is recomputed: new deltas only append to the list, so a cursor stays valid.
 */
final class SinceHeadsServer {
  /** Walks kept for follow-up pages; each holds at most {@code snapshotAfter} ids. */
  static final int MAX_WALKS = 4;

  /** Envelope bytes per page; the response stays under the transport's 8 MiB message limit. */
  static final int MAX_PAGE_BYTES = 4 << 20;

  private final ReplicaDirectory contexts;
  private final int snapshotAfter;
  private final Map<Hash, List<DeltaId>> walks =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, List<DeltaId>> eldest) {
          return size() > MAX_WALKS;
        }
      };

  SinceHeadsServer(ReplicaDirectory contexts, int snapshotAfter) {
    this.contexts = contexts;
    this.snapshotAfter = snapshotAfter;
  }

  SyncFrame.SinceResponse handle(PeerId from, SyncFrame.SinceRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return refusal(SyncFrame.SinceOutcome.UNKNOWN_CONTEXT);
    }
    Replica replica = Replica.of(contexts, request.context());
    Hash key = key(from, request);
    List<DeltaId> ids;
    synchronized (walks) {
      ids = walks.get(key);
    }
    if (ids == null || request.cursor() == 0) {
      List<DeltaId> known = new ArrayList<>(request.heads());
      known.addAll(request.recent());
      DeltasSince since = replica.transfer().deltasSince(known, snapshotAfter);
      if (since.outcome() != DeltasSince.Outcome.DELTAS) {
        boolean covered = request.heads().stream().allMatch(replica.log()::contains);
        return refusal(
            !covered
                ? SyncFrame.SinceOutcome.REQUESTER_AHEAD
                : since.outcome() == DeltasSince.Outcome.PRUNED
                    ? SyncFrame.SinceOutcome.PRUNED
                    : SyncFrame.SinceOutcome.TOO_FAR);
      }
      ids = since.ids();
      synchronized (walks) {
        walks.put(key, ids);
      }
    }
    return page(replica, ids, Math.min(request.cursor(), ids.size()));
  }

  private static SyncFrame.SinceResponse page(Replica replica, List<DeltaId> ids, int cursor) {
    List<byte[]> envelopes = new ArrayList<>();
    long bytes = 0;
    int next = cursor;
    while (next < ids.size()
        && envelopes.size() < SyncCodec.MAX_PAGE_ENVELOPES
        && bytes < MAX_PAGE_BYTES) {
      Optional<byte[]> envelope = replica.log().envelope(ids.get(next));
      if (envelope.isEmpty()) {
        return refusal(SyncFrame.SinceOutcome.PRUNED);
      }
      if (!envelopes.isEmpty() && bytes + envelope.get().length > MAX_PAGE_BYTES) {
        break;
      }
      envelopes.add(envelope.get());
      bytes += envelope.get().length;
      next++;
    }
    return new SyncFrame.SinceResponse(SyncFrame.SinceOutcome.PAGE, ids.size(), next, envelopes);
  }

  private static SyncFrame.SinceResponse refusal(SyncFrame.SinceOutcome outcome) {
    return new SyncFrame.SinceResponse(outcome, 0, 0, List.of());
  }

  private static Hash key(PeerId from, SyncFrame.SinceRequest request) {
    BinaryWriter out = new BinaryWriter().string(from.toString()).id(request.context());
    request.heads().forEach(out::id);
    out.varint(request.recent().size());
    request.recent().forEach(out::id);
    return Hash.sha256(out.toByteArray());
  }
}
