package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peers that stalled a catch-up or broke the protocol, skipped by syncs until their back-off ends,
 * so one peer cannot hold the sync threads of every context; a busy peer is no strike.
 */
public final class SlowPeers {
  /** The first back-off; each further strike doubles it, up to {@link #MAX_BACKOFF}. */
  static final Duration BACKOFF = Duration.ofSeconds(30);

  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /** Peers remembered; the oldest strike is forgotten first. */
  static final int MAX_PEERS = 1024;

  private final Clock clock;
  private final Map<PeerId, Strike> strikes =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Strike> eldest) {
          return size() > MAX_PEERS;
        }
      };

  private record Strike(int count, long untilMillis) {}

  public SlowPeers(Clock clock) {
    this.clock = clock;
  }

  /** {@code peer} stalled or misbehaved: skip it for a back-off that grows with each strike. */
  public synchronized void strike(PeerId peer) {
    Strike before = strikes.remove(peer);
    int count = before == null ? 1 : Math.min(before.count() + 1, 16);
    long backoff = Math.min(BACKOFF.toMillis() << Math.min(count - 1, 20), MAX_BACKOFF.toMillis());
    strikes.put(peer, new Strike(count, clock.millis() + backoff));
  }

  /** {@code peer} served a catch-up: its strikes are forgotten. */
  public synchronized void served(PeerId peer) {
    strikes.remove(peer);
  }

  /** The peers of {@code peers} not backing off, in order. */
  public synchronized List<PeerId> usable(List<PeerId> peers) {
    long now = clock.millis();
    List<PeerId> out = new ArrayList<>(peers.size());
    for (PeerId peer : peers) {
      Strike s = strikes.get(peer);
      if (s == null || s.untilMillis() <= now) {
        out.add(peer);
      }
    }
    return out;
  }

  /** Whether {@code peer} is backing off now. */
  public synchronized boolean backingOff(PeerId peer) {
    Strike s = strikes.get(peer);
    return s != null && s.untilMillis() > clock.millis();
  }
}
