package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-peer token buckets for inbound DHT requests: {@code perSecond} refill, {@code burst}
 * capacity; only the most recently active {@code trackedPeers} are remembered. Thread-safe.
 */
public final class RequestRate {
  private static final class Bucket {
    double tokens;
    long atNanos;
  }

  private final double perSecond;
  private final double burst;
  private final LongSupplier clock;
  private final Map<PeerId, Bucket> buckets;

  public RequestRate(double perSecond, double burst, int trackedPeers, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = nanoClock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, Bucket> eldest) {
            return size() > trackedPeers;
          }
        };
  }

  /** Takes one token for {@code peer}; false when its bucket is empty. */
  public synchronized boolean tryAcquire(PeerId peer) {
    long now = clock.getAsLong();
    Bucket b =
        buckets.computeIfAbsent(
            peer,
            p -> {
              Bucket n = new Bucket();
              n.tokens = burst;
              n.atNanos = now;
              return n;
            });
    b.tokens = Math.min(burst, b.tokens + (now - b.atNanos) / 1e9 * perSecond);
    b.atNanos = now;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }
}
