package dev.mero4j.transport.loopback;

import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shared medium of loopback transports, with fault injection.
 *
 * <p>Every delivery runs on one scheduler thread, in send order unless a fault reorders or delays
 * it; all random choices come from the injected {@link Random}, so the same seed and the same
 * sequence of sends (one driving thread) make the same fault decisions.
 */
public final class LoopbackNetwork implements AutoCloseable {
  private final Random random;
  private final ScheduledExecutorService scheduler;
  private final Map<String, LoopbackTransport> byAddress = new ConcurrentHashMap<>();
  private int nextAddress;

  private double dropRate;
  private double duplicateRate;
  private double reorderRate;
  private long minDelayNanos;
  private long maxDelayNanos;
  private Map<PeerId, Integer> sides = Map.of();

  public LoopbackNetwork(Random random) {
    this.random = Objects.requireNonNull(random, "random");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mero4j-loopback-network");
              t.setDaemon(true);
              return t;
            });
  }

  /** Drops each delivery with probability {@code rate}. */
  public synchronized LoopbackNetwork drop(double rate) {
    this.dropRate = checkRate(rate);
    return this;
  }

  /** Delivers each unit a second time with probability {@code rate}. */
  public synchronized LoopbackNetwork duplicate(double rate) {
    this.duplicateRate = checkRate(rate);
    return this;
  }

  /** Holds back a unit with probability {@code rate} so later ones overtake it. */
  public synchronized LoopbackNetwork reorder(double rate) {
    this.reorderRate = checkRate(rate);
    return this;
  }

  /** Delays every delivery by a uniform random time in {@code [min, max]}. */
  public synchronized LoopbackNetwork delay(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max");
    }
    this.minDelayNanos = min.toNanos();
    this.maxDelayNanos = max.toNanos();
    return this;
  }

  /**
   * Splits the network: peers in different groups cannot reach each other; others are unaffected.
   */
  @SafeVarargs
  public final synchronized LoopbackNetwork partition(Set<PeerId>... groups) {
    Map<PeerId, Integer> map = new HashMap<>();
    for (int i = 0; i < groups.length; i++) {
      for (PeerId p : groups[i]) {
        map.put(p, i);
      }
    }
    this.sides = Map.copyOf(map);
    return this;
  }

  /** Removes the partition. */
  public synchronized LoopbackNetwork heal() {
    this.sides = Map.of();
    return this;
  }

  /** Removes every fault. */
  public synchronized LoopbackNetwork reset() {
    dropRate = 0;
    duplicateRate = 0;
    reorderRate = 0;
    minDelayNanos = 0;
    maxDelayNanos = 0;
    sides = Map.of();
    return this;
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1]: " + rate);
    }
    return rate;
  }

  Transport start(TransportConfig config) {
    String address = chooseAddress(config.listenAddresses());
    LoopbackTransport node = new LoopbackTransport(this, config.identity(), address);
    if (byAddress.putIfAbsent(address, node) != null) {
      throw new AddressInUseException("loopback address in use: " + address);
    }
    for (String bootstrap : config.bootstrapPeers()) {
      node.dial(bootstrap);
    }
    return node;
  }

  private synchronized String chooseAddress(List<String> requested) {
    for (String a : requested) {
      if (a.startsWith("/memory/") && !a.equals("/memory/0")) {
        return a;
      }
    }
    String address;
    do {
      nextAddress++;
      address = "/memory/" + nextAddress;
    } while (byAddress.containsKey(address));
    return address;
  }

  LoopbackTransport lookup(String address) {
    return byAddress.get(address);
  }

  void unregister(String address) {
    byAddress.remove(address);
  }

  /** Runs {@code task} on the network thread without faults. */
  void control(Runnable task) {
    if (!scheduler.isShutdown()) {
      scheduler.execute(task);
    }
  }

  void schedule(Runnable task, Duration delay) {
    if (!scheduler.isShutdown()) {
      java.util.concurrent.Future<?> unused =
          scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Delivers {@code envelope} from one node to another, applying the current faults. */
  void send(LoopbackTransport from, LoopbackTransport to, LoopbackEnvelope envelope) {
    long delay;
    int copies = 1;
    synchronized (this) {
      Integer a = sides.get(from.id());
      Integer b = sides.get(to.id());
      if (a != null && b != null && !a.equals(b)) {
        return;
      }
      if (dropRate > 0 && random.nextDouble() < dropRate) {
        return;
      }
      if (duplicateRate > 0 && random.nextDouble() < duplicateRate) {
        copies = 2;
      }
      delay = minDelayNanos;
      if (maxDelayNanos > minDelayNanos) {
        delay += (long) (random.nextDouble() * (maxDelayNanos - minDelayNanos));
      }
      if (reorderRate > 0 && random.nextDouble() < reorderRate) {
        delay += TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(20));
      }
    }
    for (int i = 0; i < copies; i++) {
      if (scheduler.isShutdown()) {
        return;
      }
      Runnable task = () -> to.receive(from.id(), envelope);
      if (delay == 0) {
        scheduler.execute(task);
      } else {
        java.util.concurrent.Future<?> unused =
            scheduler.schedule(task, delay, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Stops the delivery thread; transports on it stop communicating. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
