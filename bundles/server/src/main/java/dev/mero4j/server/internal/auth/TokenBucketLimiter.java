package dev.mero4j.server.internal.auth;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (client IP): {@code burst} attempts at once, refilled at a steady rate.
 */
public final class TokenBucketLimiter {
  /** Buckets kept before idle ones are dropped; bounds memory under address spraying. */
  static final int MAX_BUCKETS = 10_000;

  private final double capacity;
  private final double refillPerMilli;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBucketLimiter(int burst, int perMinute, Clock clock) {
    this.capacity = Math.max(1, burst);
    this.refillPerMilli = Math.max(1, perMinute) / 60_000.0;
    this.clock = clock;
  }

  /** Takes one token for {@code key}; false when the bucket is empty. */
  public boolean tryAcquire(String key) {
    long now = clock.millis();
    if (buckets.size() > MAX_BUCKETS) {
      buckets.values().removeIf(b -> b.full(now));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now);
  }

  /** Milliseconds until {@code key} has a token again. */
  public long retryAfterMillis(String key) {
    Bucket bucket = buckets.get(key);
    return bucket == null ? 0 : bucket.millisUntilToken(clock.millis());
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized boolean take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= capacity;
    }

    synchronized long millisUntilToken(long now) {
      refill(now);
      return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerMilli);
    }

    private void refill(long now) {
      if (now > updated) {
        tokens = Math.min(capacity, tokens + (now - updated) * refillPerMilli);
        updated = now;
      }
    }
  }
}
