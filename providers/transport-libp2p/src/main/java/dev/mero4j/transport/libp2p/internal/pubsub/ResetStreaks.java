package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Decides when to reopen an outbound gossip stream that the remote peer reset while the connection
 * stayed open: at once the first time, then after a doubling delay, and not at all once a peer has
 * reset {@link #MAX_REOPENS} streams in a row, each within {@link #QUIET} of the one before.
 */
final class ResetStreaks {
  /** Resets in a row after which gossip to the peer stops until it reconnects. */
  static final int MAX_REOPENS = 6;

  /** A reset this long after the previous one starts a new streak. */
  static final Duration QUIET = Duration.ofMinutes(1);

  /** Delay before the second reopen of a streak; doubled for each further one. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  /** Peers remembered; the least recently reset is forgotten first. */
  static final int MAX_PEERS = 1024;

  private record Streak(int resets, long lastReset) {}

  private final LongSupplier nanoClock;
  private final Map<PeerId, Streak> streaks =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Streak> eldest) {
          return size() > MAX_PEERS;
        }
      };

  ResetStreaks(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * Records a reset of the stream to {@code peer}; returns the delay in nanoseconds before
   * reopening it, or empty when the peer has reset too many in a row.
   */
  synchronized OptionalLong onReset(PeerId peer) {
    long now = nanoClock.getAsLong();
    Streak last = streaks.get(peer);
    int resets = last == null || now - last.lastReset() >= QUIET.toNanos() ? 1 : last.resets() + 1;
    streaks.put(peer, new Streak(resets, now));
    if (resets > MAX_REOPENS) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(resets == 1 ? 0 : FIRST_DELAY.toNanos() << (resets - 2));
  }

  /** Forgets {@code peer}: a new connection starts with a clean slate. */
  synchronized void forget(PeerId peer) {
    streaks.remove(peer);
  }
}
