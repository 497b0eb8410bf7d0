package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Misbehaviour scores per peer: penalties decay back towards zero over time; a peer below the
 * graylist threshold is disconnected and refused until it recovers.
 */
public final class PeerScores {
  /** Below this a peer is refused (Calimero's gossipsub graylist threshold). */
  public static final double GRAYLIST_THRESHOLD = -80;

  /** A broken wire protocol: one strike graylists. */
  public static final double PROTOCOL_VIOLATION = -100;

  /** An invalid (e.g. badly signed) gossip message. */
  public static final double INVALID_MESSAGE = -20;

  /** Penalties halve every this many nanoseconds (10 minutes). */
  private static final double HALF_LIFE_NANOS = 600e9;

  private record Entry(double score, long atNanos) {}

  private final Map<PeerId, Entry> scores = new HashMap<>();
  private final LongSupplier clock;

  public PeerScores(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

  /** The monotonic clock this host runs on. */
  public LongSupplier clock() {
    return clock;
  }

  public synchronized double score(PeerId peer) {
    Entry e = scores.get(peer);
    if (e == null) {
      return 0;
    }
    double elapsed = clock.getAsLong() - e.atNanos();
    return e.score() * Math.pow(0.5, elapsed / HALF_LIFE_NANOS);
  }

  /** Adds a (negative) penalty; returns the new score. */
  public synchronized double penalize(PeerId peer, double penalty) {
    double s = score(peer) + penalty;
    scores.put(peer, new Entry(s, clock.getAsLong()));
    return s;
  }

  public boolean graylisted(PeerId peer) {
    return score(peer) < GRAYLIST_THRESHOLD;
  }
}
