package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one peer's gossip, and all the gossip arriving from one remote host ({@link RemoteHost}),
 * may leave buffered here (envelopes waiting for governance or for parents) per window, in
 * envelopes and in bytes: past either, the deltas are dropped until the window ends and a peer past
 * its own budget is reported once, so junk that never becomes valid costs its sender and peer ids
 * minted on one host share that host's budget.
 */
public final class GossipBudget {
  /** The window the budget renews in. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Envelopes from one peer left buffered per window. */
  static final int MAX_BUFFERED = 256;

  /** Bytes of envelopes from one peer left buffered per window. */
  static final long MAX_BUFFERED_BYTES = 8L << 20;

  /** Envelopes from the peers of one remote host left buffered per window: four peers' worth. */
  static final int MAX_BUFFERED_PER_HOST = 4 * MAX_BUFFERED;

  /** Bytes of envelopes from the peers of one remote host left buffered per window. */
  static final long MAX_BUFFERED_BYTES_PER_HOST = 4 * MAX_BUFFERED_BYTES;

  /** How many remote hosts' worth the peers on this machine (a local cluster) share. */
  static final int LOOPBACK_HOSTS = 4;

  /** Peers, and hosts, tracked; the least recent is forgotten first. */
  static final int MAX_PEERS = 1024;

  private final Clock clock;
  private final Map<PeerId, Window> peers = lru();
  private final Map<RemoteHost, Window> hosts = lru();

  private static final class Window {
    final long startMillis;
    int envelopes;
    long bytes;

    Window(long startMillis) {
      this.startMillis = startMillis;
    }

    void add(int size) {
      envelopes++;
      bytes += size;
    }

    boolean over(int maxEnvelopes, long maxBytes) {
      return envelopes > maxEnvelopes || bytes > maxBytes;
    }
  }

  public GossipBudget(Clock clock) {
    this.clock = clock;
  }

  private static <K> Map<K, Window> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Window> eldest) {
        return size() > MAX_PEERS;
      }
    };
  }

  /**
   * Whether gossip from {@code peer}, arriving from {@code host}, is still taken in this window.
   */
  public synchronized boolean allows(PeerId peer, Optional<RemoteHost> host) {
    return !over(current(peers.get(peer)), MAX_BUFFERED, MAX_BUFFERED_BYTES)
        && host.map(h -> !over(current(hosts.get(h)), hostEnvelopes(h), hostBytes(h))).orElse(true);
  }

  /**
   * Charges an envelope of {@code bytes} from {@code peer}, arriving from {@code host}, that stayed
   * buffered.
   *
   * @return true when this charge exhausted the peer's own budget (report it once)
   */
  public synchronized boolean charge(PeerId peer, Optional<RemoteHost> host, int bytes) {
    host.ifPresent(h -> open(hosts, h).add(bytes));
    Window w = open(peers, peer);
    boolean before = w.over(MAX_BUFFERED, MAX_BUFFERED_BYTES);
    w.add(bytes);
    return !before && w.over(MAX_BUFFERED, MAX_BUFFERED_BYTES);
  }

  /** Bytes charged to {@code peer} in its current window. */
  public synchronized long chargedBytes(PeerId peer) {
    Window w = peers.get(peer);
    return w == null ? 0 : w.bytes;
  }

  /** Bytes charged to the peers of {@code host} in its current window. */
  public synchronized long chargedBytes(RemoteHost host) {
    Window w = hosts.get(host);
    return w == null ? 0 : w.bytes;
  }

  private Window current(Window w) {
    return w == null || clock.millis() - w.startMillis >= WINDOW.toMillis() ? null : w;
  }

  private static boolean over(Window w, int maxEnvelopes, long maxBytes) {
    return w != null && w.over(maxEnvelopes, maxBytes);
  }

  private <K> Window open(Map<K, Window> windows, K key) {
    Window w = current(windows.get(key));
    if (w == null) {
      w = new Window(clock.millis());
      windows.put(key, w);
    }
    return w;
  }

  private static int hostEnvelopes(RemoteHost host) {
    return host.loopback() ? LOOPBACK_HOSTS * MAX_BUFFERED_PER_HOST : MAX_BUFFERED_PER_HOST;
  }

  private static long hostBytes(RemoteHost host) {
    return host.loopback()
        ? LOOPBACK_HOSTS * MAX_BUFFERED_BYTES_PER_HOST
        : MAX_BUFFERED_BYTES_PER_HOST;
  }
}
