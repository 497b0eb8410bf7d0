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
 */
public record ReplicationConfig(
    Duration syncInterval, Duration heartbeatInterval, Duration requestTimeout, int maxDeltasPerRequest, int maxRounds) {

  public static final ReplicationConfig DEFAULTS =
      new ReplicationConfig(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10), 500, 200);

  public ReplicationConfig {
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (maxDeltasPerRequest < 1 || maxRounds < 1) {
      throw new IllegalArgumentException("maxDeltasPerRequest and maxRounds must be >= 1");
    }
  }
}
