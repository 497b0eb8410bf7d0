package dev.mero4j.runtime.internal;

import dev.mero4j.dag.CausalDag;
import dev.mero4j.primitives.DeltaId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Since when each delta of one context's DAG has waited for its parents: one still waiting after
 * {@link #MAX_AGE} is dropped from the DAG, so the buffer is bounded in time as well as in size;
 * delivered again with its parents, it applies as a new delta. Its sender is not penalised: an
 * honest delta waits as long when the network lost its parents (a partition, an author offline).
 * Guarded by its context's write lock.
 */
final class PendingParents {
  /**
   * How long a delta may wait for its parents: a sync round fetches an honest sender's missing
   * parents within seconds, and an honest delta dropped anyway comes back by catch-up.
   */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /** Ages remembered before the ones of deltas the DAG no longer holds are forgotten. */
  static final int MAX_TRACKED = 20_000;

  private final Clock clock;
  private final Map<DeltaId, Instant> since = new HashMap<>();

  PendingParents(Clock clock) {
    this.clock = clock;
  }

  /** Notes that {@code id} started waiting for its parents in {@code dag} now. */
  void buffered(DeltaId id, CausalDag dag) {
    if (since.size() >= MAX_TRACKED) {
      since.keySet().retainAll(new HashSet<>(dag.pendingIds()));
    }
    since.putIfAbsent(id, clock.instant());
  }

  /**
   * Drops from {@code dag} the deltas that waited for their parents longer than {@link #MAX_AGE}
   * (one buffered before a restart waits from the first round after it).
   *
   * @return how many deltas were dropped
   */
  int expire(CausalDag dag) {
    Instant now = clock.instant();
    Set<DeltaId> pending = new HashSet<>(dag.pendingIds());
    since.keySet().retainAll(pending);
    pending.forEach(id -> since.putIfAbsent(id, now));
    Instant cutoff = now.minus(MAX_AGE);
    int dropped = 0;
    Iterator<Map.Entry<DeltaId, Instant>> it = since.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<DeltaId, Instant> entry = it.next();
      if (!entry.getValue().isAfter(cutoff)) {
        it.remove();
        dag.dropPending(entry.getKey());
        dropped++;
      }
    }
    return dropped;
  }
}
