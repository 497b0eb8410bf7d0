package dev.mero4j.replication.internal;

import dev.mero4j.replication.ReplicationStats;
import dev.mero4j.runtime.api.ReplicaLog.RemoteOutcome;
import java.util.concurrent.atomic.LongAdder;

/** The replicator's running counters, read by {@link #snapshot} (contention-free increments). */
public final class ReplicationCounters {
  private final LongAdder published = new LongAdder();
  private final LongAdder applied = new LongAdder();
  private final LongAdder pending = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder rounds = new LongAdder();
  private final LongAdder peerErrors = new LongAdder();
  private final LongAdder fetched = new LongAdder();

  /** A frame went out on a context topic. */
  public void published() {
    published.increment();
  }

  /** A gossiped envelope's outcome. */
  public void gossip(RemoteOutcome.Status status) {
    switch (status) {
      case APPLIED -> applied.increment();
      case PENDING -> pending.increment();
      case DUPLICATE -> duplicates.increment();
    }
  }

  /** A sync round ended with {@code errors} failed peers and {@code deltas} deltas applied. */
  public void round(int errors, int deltas) {
    rounds.increment();
    peerErrors.add(errors);
    fetched.add(deltas);
  }

  /** The counters now, with the refusals and task failures counted elsewhere. */
  public ReplicationStats snapshot(long rejected, long taskFailures) {
    return new ReplicationStats(
        published.sum(),
        applied.sum(),
        pending.sum(),
        duplicates.sum(),
        rejected,
        rounds.sum(),
        peerErrors.sum(),
        fetched.sum(),
        taskFailures);
  }
}
