package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.transport.api.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a heartbeat this node cannot open may make it pull the sender's whole governance log: at
 * most once per {@link #INTERVAL} per context and sender, for at most {@link #MAX_TRACKED} pairs.
 *
 * <p>A heartbeat sealed under a key this node lacks says it missed a key-rotating op (a removal it
 * never got by gossip, with no later write that names it). Anyone holding the rendezvous secret can
 * send such a heartbeat, so the pull it starts is rate limited.
 */
public final class BehindPulls {
  /** The least time between two pulls a given sender's unreadable heartbeats start. */
  public static final Duration INTERVAL = Duration.ofSeconds(30);

  /** How many (context, sender) pairs are remembered; the oldest is forgotten beyond that. */
  public static final int MAX_TRACKED = 4096;

  private record Pair(ContextId context, PeerId peer) {}

  private final Clock clock;
  private final Map<Pair, Instant> last =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Pair, Instant> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  public BehindPulls(Clock clock) {
    this.clock = clock;
  }

  /** Whether an unreadable heartbeat of {@code context} from {@code peer} may start a pull now. */
  public synchronized boolean allow(ContextId context, PeerId peer) {
    Pair pair = new Pair(context, peer);
    Instant now = clock.instant();
    Instant before = last.get(pair);
    if (before != null && now.isBefore(before.plus(INTERVAL))) {
      return false;
    }
    last.remove(pair);
    last.put(pair, now);
    return true;
  }
}
