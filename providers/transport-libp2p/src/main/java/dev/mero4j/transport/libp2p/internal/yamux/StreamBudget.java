package dev.mero4j.transport.libp2p.internal.yamux;

import java.util.concurrent.atomic.AtomicInteger;

/** Streams open across all connections of a host, capped so many peers cannot exhaust memory. */
public final class StreamBudget {
  /** Host-wide default: 8,192 streams (32 busy peers at the per-connection limit). */
  public static final int DEFAULT_MAX = 8192;

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  public StreamBudget(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }
}
