package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Keeps bootstrap peers connected: dials them, and after a failure or a disconnect dials again with
 * exponential backoff (doubling from {@code min} to {@code max}, with ±25 % jitter).
 */
public final class Redialer {
  private static final System.Logger LOG = System.getLogger(Redialer.class.getName());

  private final Libp2pHost host;
  private final EventLoopGroup group;
  private final Random random;
  private final Duration min;
  private final Duration max;
  private final Map<Multiaddr, Integer> failures = new HashMap<>();
  private volatile boolean stopped;

  public Redialer(
      Libp2pHost host, EventLoopGroup group, Random random, Duration min, Duration max) {
    this.host = host;
    this.group = group;
    this.random = random;
    this.min = min;
    this.max = max;
  }

  /** Dials now and keeps the address connected until {@link #stop()}. */
  public void keep(Multiaddr address) {
    if (stopped) {
      return;
    }
    host.dial(address)
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                LOG.log(Level.DEBUG, "bootstrap dial to {0} failed: {1}", address, e.toString());
                retry(address);
              } else {
                synchronized (this) {
                  failures.remove(address);
                }
                c.channel().closeFuture().addListener(f -> retry(address));
              }
            });
  }

  /** The delay before attempt {@code n + 1}. */
  synchronized long delayMillis(int n) {
    double base =
        Math.min((double) max.toMillis(), (double) min.toMillis() * Math.pow(2, Math.min(n, 20)));
    return (long) (base * (0.75 + random.nextDouble() * 0.5));
  }

  private void retry(Multiaddr address) {
    if (stopped) {
      return;
    }
    int n;
    synchronized (this) {
      n = failures.merge(address, 1, Integer::sum) - 1;
    }
    group.schedule(() -> keep(address), delayMillis(n), TimeUnit.MILLISECONDS);
  }

  public void stop() {
    stopped = true;
  }
}
