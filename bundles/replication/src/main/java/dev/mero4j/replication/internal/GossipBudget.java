package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one peer's gossip may leave buffered here (envelopes waiting for governance or for parents)
 * per window, in envelopes and in bytes: past either, the peer's deltas are dropped until the
 * window ends and the peer is reported once, so junk that never becomes valid costs its sender.
 */
public final class GossipBudget {
  /** The window the budget renews in. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Envelopes from one peer left buffered per window. */
  static final int MAX_BUFFERED = 256;

  /** Bytes of envelopes from one peer left buffered per window. */
  static final long MAX_BUFFERED_BYTES = 8L << 20;

  /** Peers tracked; the least recent is forgotten first. */
  static final int MAX_PEERS = 1024;

  private final Clock clock;
  private final Map<PeerId, Window> windows =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Window> eldest) {
          return size() > MAX_PEERS;
        }
      };

  private static final class Window {
    final long startMillis;
    int envelopes;
    long bytes;

    Window(long startMillis) {
      this.startMillis = startMillis;
    }

    boolean over() {
      return envelopes > MAX_BUFFERED || bytes > MAX_BUFFERED_BYTES;
    }
  }

  public GossipBudget(Clock clock) {
    this.clock = clock;
  }

  /** Whether gossip from {@code peer} is still taken in this window. */
  public synchronized boolean allows(PeerId peer) {
    Window w = windows.get(peer);
    return w == null || clock.millis() - w.startMillis >= WINDOW.toMillis() || !w.over();
  }

  /**
   * Charges an envelope of {@code bytes} from {@code peer} that stayed buffered.
   *
   * @return true when this charge exhausted the peer's budget (report it once)
   */
  public synchronized boolean charge(PeerId peer, int bytes) {
    long now = clock.millis();
    Window w = windows.get(peer);
    if (w == null || now - w.startMillis >= WINDOW.toMillis()) {
      w = new Window(now);
      windows.put(peer, w);
    }
    boolean before = w.over();
    w.envelopes++;
    w.bytes += bytes;
    return !before && w.over();
  }

  /** Bytes charged to {@code peer} in its current window. */
  public synchronized long chargedBytes(PeerId peer) {
    Window w = windows.get(peer);
    return w == null ? 0 : w.bytes;
  }
}
