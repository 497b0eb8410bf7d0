package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts dial-backs in a sliding window, refusing one past the global or the per-peer limit; its
 * memory is bounded by the global limit.
 */
final class DialBackLimiter {
  private record Grant(long at, PeerId peer) {}

  private final int global;
  private final int perPeer;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Deque<Grant> grants = new ArrayDeque<>();
  private final Map<PeerId, Integer> perPeerCounts = new HashMap<>();

  DialBackLimiter(int global, int perPeer, Duration window, LongSupplier nanoClock) {
    this.global = global;
    this.perPeer = perPeer;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
  }

  /** True, and counted, when {@code peer} may have one more dial-back now. */
  synchronized boolean tryAcquire(PeerId peer) {
    long now = nanoClock.getAsLong();
    while (!grants.isEmpty() && now - grants.peekFirst().at() >= windowNanos) {
      PeerId old = grants.pollFirst().peer();
      perPeerCounts.computeIfPresent(old, (p, n) -> n == 1 ? null : n - 1);
    }
    if (grants.size() >= global || perPeerCounts.getOrDefault(peer, 0) >= perPeer) {
      return false;
    }
    grants.addLast(new Grant(now, peer));
    perPeerCounts.merge(peer, 1, Integer::sum);
    return true;
  }
}
