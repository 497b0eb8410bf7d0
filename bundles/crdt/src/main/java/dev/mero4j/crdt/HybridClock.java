package dev.mero4j.crdt;

import java.time.Clock;
import java.time.Duration;

/**
 * A hybrid logical clock. A timestamp is one {@code long}: milliseconds since the epoch in the high
 * 48 bits and a logical counter in the low 16, so a counter overflow carries into the physical part
 * and plain {@code long} order is causal order. Ties between replicas are broken by the replica key
 * wherever stamps are compared. Not thread-safe.
 */
public final class HybridClock {
  /** Bits of the logical counter. */
  public static final int LOGICAL_BITS = 16;

  /** Default rejection threshold for remote stamps ahead of local physical time. */
  public static final Duration DEFAULT_MAX_DRIFT = Duration.ofSeconds(5);

  private final Clock clock;
  private final long maxDriftMillis;
  private long last;

  /**
   * @param clock the physical time source
   * @param maxDrift how far a remote stamp may be ahead of {@code clock}
   * @param lastIssued the largest stamp issued or observed before a restart (0 when new), so the
   *     clock stays monotonic across restarts even if the wall clock went back
   */
  public HybridClock(Clock clock, Duration maxDrift, long lastIssued) {
    this.clock = clock;
    this.maxDriftMillis = maxDrift.toMillis();
    this.last = lastIssued;
  }

  public HybridClock(Clock clock) {
    this(clock, DEFAULT_MAX_DRIFT, 0);
  }

  /** A new stamp strictly greater than every stamp issued or observed so far. */
  public long tick() {
    long physical = clock.millis() << LOGICAL_BITS;
    last = Math.max(last + 1, physical);
    return last;
  }

  /**
   * Merges a remote stamp (receive rule {@code max(local, remote, now)}); the next {@link #tick()}
   * is greater than it.
   *
   * @throws ClockDriftException if {@code remote} is more than the drift ahead of physical time
   */
  public void observe(long remote) {
    long nowMillis = clock.millis();
    long remoteMillis = remote >>> LOGICAL_BITS;
    if (remoteMillis - nowMillis > maxDriftMillis) {
      throw new ClockDriftException(
          "remote stamp is " + (remoteMillis - nowMillis) + " ms ahead; limit " + maxDriftMillis);
    }
    last = Math.max(last, Math.max(remote, nowMillis << LOGICAL_BITS));
  }

  /** Raises the clock to a stamp read back from own storage, without the drift check. */
  public void restore(long stamp) {
    last = Math.max(last, stamp);
  }

  /** The largest stamp issued or observed; persist it to stay monotonic across restarts. */
  public long last() {
    return last;
  }

  /** The physical milliseconds of a stamp. */
  public static long millisOf(long stamp) {
    return stamp >>> LOGICAL_BITS;
  }

  /** The smallest stamp at physical time {@code millis}. */
  public static long ofMillis(long millis) {
    return millis << LOGICAL_BITS;
  }
}
