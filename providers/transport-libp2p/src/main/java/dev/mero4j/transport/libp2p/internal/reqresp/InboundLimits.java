package dev.mero4j.transport.libp2p.internal.reqresp;

import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What inbound requests may hold at once: streams not yet answered and request bytes, per peer, per
 * IP and in total (the total also bounds the queue in front of the handler threads). Past a limit a
 * request is refused as busy, which is back-pressure, not a penalty.
 */
public final class InboundLimits {
  /** Unanswered request streams of one peer. */
  public static final int MAX_STREAMS_PER_PEER = 32;

  /** Unanswered request streams from one IP address (many peer ids behind one host). */
  public static final int MAX_STREAMS_PER_IP = 64;

  /** Unanswered request streams in total: running or queued for the handler threads. */
  public static final int MAX_STREAMS = 512;

  /** Request bytes held for one peer (read, queued or being handled). */
  public static final long MAX_BYTES_PER_PEER = 24L << 20;

  /** Request bytes held for one IP address. */
  public static final long MAX_BYTES_PER_IP = 48L << 20;

  /** Request bytes held in total. */
  public static final long MAX_BYTES = 256L << 20;

  /** A request not fully read by then is reset (a peer that opens streams and stalls). */
  public static final Duration READ_DEADLINE = Duration.ofSeconds(10);

  private final Map<String, long[]> byPeer = new HashMap<>();
  private final Map<String, long[]> byIp = new HashMap<>();
  private int streams;
  private long bytes;

  /** One admitted request stream; {@link #close} gives back what it held (idempotent). */
  public final class Lease {
    private final String peer;
    private final String ip;
    private long held;
    private boolean closed;
    private boolean dispatched;

    private Lease(String peer, String ip) {
      this.peer = peer;
      this.ip = ip;
    }

    /** Counts {@code n} more request bytes; false (and nothing counted) past a byte limit. */
    public boolean add(int n) {
      synchronized (InboundLimits.this) {
        if (closed
            || byPeer.get(peer)[1] + n > MAX_BYTES_PER_PEER
            || byIp.get(ip)[1] + n > MAX_BYTES_PER_IP
            || bytes + n > MAX_BYTES) {
          return false;
        }
        held += n;
        byPeer.get(peer)[1] += n;
        byIp.get(ip)[1] += n;
        bytes += n;
        return true;
      }
    }

    /** The whole request was read and handed to a handler. */
    public void dispatched() {
      synchronized (InboundLimits.this) {
        dispatched = true;
      }
    }

    /** Still reading the request (neither handed to a handler nor closed). */
    public boolean stalled() {
      synchronized (InboundLimits.this) {
        return !dispatched && !closed;
      }
    }

    public void close() {
      synchronized (InboundLimits.this) {
        if (closed) {
          return;
        }
        closed = true;
        streams--;
        bytes -= held;
        give(byPeer, peer, 1, held);
        give(byIp, ip, 1, held);
      }
    }
  }

  /** Admits a new request stream of {@code peer} from {@code ip}; null past a stream limit. */
  public synchronized Lease open(PeerId peer, String ip) {
    long[] p = byPeer.computeIfAbsent(peer.value(), k -> new long[2]);
    long[] i = byIp.computeIfAbsent(ip, k -> new long[2]);
    if (p[0] >= MAX_STREAMS_PER_PEER || i[0] >= MAX_STREAMS_PER_IP || streams >= MAX_STREAMS) {
      give(byPeer, peer.value(), 0, 0);
      give(byIp, ip, 0, 0);
      return null;
    }
    p[0]++;
    i[0]++;
    streams++;
    return new Lease(peer.value(), ip);
  }

  /** Request streams admitted and not answered yet. */
  public synchronized int streams() {
    return streams;
  }

  /** Request bytes held now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Gives back streams and bytes of one key; a key holding nothing is dropped. */
  private static void give(Map<String, long[]> counts, String key, int streams, long bytes) {
    long[] c = counts.get(key);
    c[0] -= streams;
    c[1] -= bytes;
    if (c[0] == 0 && c[1] == 0) {
      counts.remove(key);
    }
  }
}
