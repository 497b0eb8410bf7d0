package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deltas, envelopes and governance ops a node refused: in total, and by the peer whose message
 * led to each refusal (the gossip's author, or the peer a pull went to), for at most {@link
 * #MAX_PEERS} peers.
 */
public final class Rejections {
  /** Peers counted one by one; beyond that the least recently counted one is forgotten. */
  public static final int MAX_PEERS = 4096;

  private final AtomicLong total = new AtomicLong();
  private final Map<PeerId, Long> byPeer =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Long> eldest) {
          return size() > MAX_PEERS;
        }
      };

  /** Counts {@code count} refusals led to by {@code peer}'s message; nothing when not positive. */
  public void add(PeerId peer, long count) {
    if (count <= 0) {
      return;
    }
    total.addAndGet(count);
    synchronized (byPeer) {
      byPeer.merge(peer, count, Long::sum);
    }
  }

  /** Counts one refusal led to by {@code peer}'s message. */
  public void add(PeerId peer) {
    add(peer, 1);
  }

  /** Every refusal since start. */
  public long total() {
    return total.get();
  }

  /** The refusals counted by peer (the peers still remembered). */
  public Map<PeerId, Long> byPeer() {
    synchronized (byPeer) {
      return Map.copyOf(byPeer);
    }
  }
}
