package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.DeltasSince;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Finds the deltas reachable from this replica's heads but not from a peer's known set, in causal
 * order, visiting only that difference and its border.
 *
 * <pre>
 *   queue ← our heads (wanted), their known ids (theirs); pop highest local seq first:
 *     theirs: parents become theirs          (everything below a delta they hold, they hold)
 *     wanted: record it, parents become wanted unless already theirs
 *   stop when no wanted delta is left in the queue
 * </pre>
 *
 * A local seq is a topological order (parents apply first), so a delta popped has had every child
 * in the walk popped before it and its mark is final.
 */
final class SinceHeadsWalk {
  private final Function<DeltaId, Optional<Long>> seqOf;
  private final Function<DeltaId, Optional<List<DeltaId>>> parents;

  SinceHeadsWalk(
      Function<DeltaId, Optional<Long>> seqOf, Function<DeltaId, Optional<List<DeltaId>>> parents) {
    this.seqOf = seqOf;
    this.parents = parents;
  }

  private record Entry(DeltaId id, long seq) {}

  /**
   * {@code lastSeq} is the highest local seq; seqs are dense, so every delta applied after the
   * newest one the peer names is missing there: more than {@code maxDeltas} of them is TOO_FAR
   * without walking.
   */
  DeltasSince walk(
      Collection<DeltaId> ours, Collection<DeltaId> theirs, int maxDeltas, long lastSeq) {
    long newestKnown = 0;
    for (DeltaId id : theirs) {
      newestKnown = Math.max(newestKnown, seqOf.apply(id).orElse(0L));
    }
    if (lastSeq - newestKnown > maxDeltas) {
      return new DeltasSince(DeltasSince.Outcome.TOO_FAR, List.of());
    }
    PriorityQueue<Entry> queue =
        new PriorityQueue<>(Comparator.comparingLong(Entry::seq).reversed());
    Map<DeltaId, Boolean> wanted = new HashMap<>();
    int[] wantedQueued = {0};
    for (DeltaId id : theirs) {
      mark(id, false, queue, wanted, wantedQueued);
    }
    for (DeltaId id : ours) {
      mark(id, true, queue, wanted, wantedQueued);
    }
    List<Entry> missing = new ArrayList<>();
    while (wantedQueued[0] > 0) {
      Entry e = queue.poll();
      boolean want = wanted.get(e.id());
      if (want) {
        wantedQueued[0]--;
        missing.add(e);
        if (missing.size() > maxDeltas) {
          return new DeltasSince(DeltasSince.Outcome.TOO_FAR, List.of());
        }
      }
      Optional<List<DeltaId>> ps = e.seq() == 0 ? Optional.empty() : parents.apply(e.id());
      if (ps.isEmpty()) {
        if (want) {
          return new DeltasSince(DeltasSince.Outcome.PRUNED, List.of());
        }
        continue;
      }
      for (DeltaId p : ps.get()) {
        mark(p, want, queue, wanted, wantedQueued);
      }
    }
    missing.sort(Comparator.comparingLong(Entry::seq));
    return new DeltasSince(DeltasSince.Outcome.DELTAS, missing.stream().map(Entry::id).toList());
  }

  /** Marks a delta; "theirs" wins over "wanted" while it is still queued. */
  private void mark(
      DeltaId id,
      boolean want,
      PriorityQueue<Entry> queue,
      Map<DeltaId, Boolean> wanted,
      int[] wantedQueued) {
    Boolean previous = wanted.get(id);
    if (previous == null) {
      Optional<Long> seq = seqOf.apply(id);
      if (seq.isEmpty()) {
        return;
      }
      wanted.put(id, want);
      queue.add(new Entry(id, seq.get()));
      if (want) {
        wantedQueued[0]++;
      }
    } else if (previous && !want) {
      wanted.put(id, false);
      wantedQueued[0]--;
    }
  }
}
