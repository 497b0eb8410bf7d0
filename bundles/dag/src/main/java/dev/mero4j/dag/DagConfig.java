package dev.mero4j.dag;

/**
 * Limits of one context's DAG.
 *
 * @param maxPending deltas buffered while their parents are missing; the oldest is evicted beyond
 *     it (a peer that far behind catches up by snapshot instead)
 * @param keepAfterCheckpoint applied deltas kept after a checkpoint so peers slightly behind can
 *     still fetch them; older ones are pruned and served as a snapshot
 */
public record DagConfig(int maxPending, int keepAfterCheckpoint) {
  /** Calimero's pending limit (MAX_PENDING_DELTAS) and compaction keep count. */
  public static final DagConfig DEFAULTS = new DagConfig(10_000, 1_000);

  public DagConfig {
    if (maxPending < 1 || keepAfterCheckpoint < 0) {
      throw new IllegalArgumentException("maxPending >= 1 and keepAfterCheckpoint >= 0");
    }
  }
}
