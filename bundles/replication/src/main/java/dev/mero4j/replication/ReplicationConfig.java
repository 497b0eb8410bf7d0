package dev.mero4j.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and bounds of replication.
 *
 * @param syncInterval how often every context is compared with its peers (Calimero: 10 s)
 * @param heartbeatInterval how often each context announces its root and heads on its topic
 * @param requestTimeout how long one sync request may take
 * @param maxDeltasPerRequest most delta envelopes asked for or served in one request
 * @param maxRounds most request rounds of one catch-up before it yields to the next sync
 * @param snapshotAfter a peer missing more deltas than this is sent a snapshot instead of the
 *     deltas (a snapshot also serves a peer whose missing history was pruned)
 */
public record ReplicationConfig(
    Duration syncInterval,
    Duration heartbeatInterval,
    Duration requestTimeout,
    int maxDeltasPerRequest,
    int maxRounds,
    int snapshotAfter) {

  /** Above this many missing deltas, verifying every signature costs more than moving the state. */
  public static final int SNAPSHOT_AFTER = 20_000;

  public static final ReplicationConfig DEFAULTS =
      new ReplicationConfig(
          Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10), 500, 200);

  public ReplicationConfig(
      Duration syncInterval,
      Duration heartbeatInterval,
      Duration requestTimeout,
      int maxDeltasPerRequest,
      int maxRounds) {
    this(
        syncInterval,
        heartbeatInterval,
        requestTimeout,
        maxDeltasPerRequest,
        maxRounds,
        SNAPSHOT_AFTER);
  }

  public ReplicationConfig withSnapshotAfter(int deltas) {
    return new ReplicationConfig(
        syncInterval, heartbeatInterval, requestTimeout, maxDeltasPerRequest, maxRounds, deltas);
  }

  public ReplicationConfig {
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (maxDeltasPerRequest < 1 || maxRounds < 1 || snapshotAfter < 0) {
      throw new IllegalArgumentException(
          "maxDeltasPerRequest and maxRounds must be >= 1, snapshotAfter >= 0");
    }
  }
}
