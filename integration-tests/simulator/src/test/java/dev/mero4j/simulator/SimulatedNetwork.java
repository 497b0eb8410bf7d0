package dev.mero4j.simulator;

import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The medium of {@link SimulatedTransport}s: a full mesh of the online nodes, with every fault
 * drawn from one seeded {@link Random} and every delivery a task on the {@link VirtualScheduler}.
 *
 * <pre>
 *   offline node   connections closed: peers see disconnected(), requests fail fast
 *   partition      connections stay up, units across sides vanish: requests time out
 *   drop/duplicate per unit (topic message, request, response)
 *   latency        uniform [min, max]; reorder adds up to {@link #REORDER_MAX} to some units
 * </pre>
 */
public final class SimulatedNetwork {
  /** Extra delay of a reordered unit: several heartbeat periods, so it overtakes many others. */
  static final Duration REORDER_MAX = Duration.ofMillis(500);

  private final VirtualScheduler scheduler;
  private final Random random;
  private final Map<PeerId, SimulatedTransport> nodes = new LinkedHashMap<>();
  private final Map<PeerId, Boolean> online = new HashMap<>();
  private Map<PeerId, Integer> sides = Map.of();
  private double dropRate;
  private double duplicateRate;
  private double reorderRate;
  private long minLatency = TimeUnit.MILLISECONDS.toNanos(1);
  private long maxLatency = TimeUnit.MILLISECONDS.toNanos(20);
  private long sent;
  private long dropped;

  public SimulatedNetwork(VirtualScheduler scheduler, Random random) {
    this.scheduler = scheduler;
    this.random = random;
  }

  VirtualScheduler scheduler() {
    return scheduler;
  }

  /** Adds a node (or replaces a restarted one with the same id) and brings it online. */
  public SimulatedTransport attach(PeerId id) {
    SimulatedTransport old = nodes.get(id);
    if (old != null && !old.isClosed()) {
      throw new IllegalStateException(id + " is still attached");
    }
    SimulatedTransport transport = new SimulatedTransport(this, id);
    nodes.put(id, transport);
    online.put(id, false);
    setOnline(id, true);
    return transport;
  }

  /** Takes a node off the network (its connections close) or brings it back (they reopen). */
  public void setOnline(PeerId id, boolean up) {
    if (online.getOrDefault(id, false) == up) {
      return;
    }
    if (!up) {
      List<PeerId> peers = peersOf(id);
      online.put(id, false);
      for (PeerId peer : peers) {
        nodes.get(peer).disconnected(id);
        nodes.get(id).disconnected(peer);
      }
    } else {
      online.put(id, true);
      for (PeerId peer : peersOf(id)) {
        nodes.get(peer).connected(id);
        nodes.get(id).connected(peer);
      }
    }
  }

  public boolean isOnline(PeerId id) {
    return online.getOrDefault(id, false);
  }

  /** Splits the network into sides; units between different sides are lost. */
  public void partition(List<Set<PeerId>> groups) {
    Map<PeerId, Integer> map = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      for (PeerId p : groups.get(i)) {
        map.put(p, i);
      }
    }
    sides = Map.copyOf(map);
  }

  public void heal() {
    sides = Map.of();
  }

  /** Sets the fault rates (each in [0, 1]) for every later unit. */
  public void faults(double drop, double duplicate, double reorder) {
    this.dropRate = drop;
    this.duplicateRate = duplicate;
    this.reorderRate = reorder;
  }

  public void latency(Duration min, Duration max) {
    this.minLatency = min.toNanos();
    this.maxLatency = max.toNanos();
  }

  /** Removes partitions and faults and brings every node of a live transport online. */
  public void healAll() {
    heal();
    faults(0, 0, 0);
    for (Map.Entry<PeerId, SimulatedTransport> e : nodes.entrySet()) {
      if (!e.getValue().isClosed()) {
        setOnline(e.getKey(), true);
      }
    }
  }

  /** Units sent and units lost to drops or partitions so far. */
  public String stats() {
    return sent + " units sent, " + dropped + " lost";
  }

  /** Online peers of an online node, in attach order: the connections it has. */
  List<PeerId> peersOf(PeerId id) {
    List<PeerId> out = new ArrayList<>();
    if (!isOnline(id)) {
      return out;
    }
    for (PeerId peer : nodes.keySet()) {
      if (!peer.equals(id) && isOnline(peer) && !nodes.get(peer).isClosed()) {
        out.add(peer);
      }
    }
    return out;
  }

  SimulatedTransport node(PeerId id) {
    return nodes.get(id);
  }

  boolean connected(PeerId a, PeerId b) {
    return isOnline(a) && isOnline(b) && !nodes.get(a).isClosed() && !nodes.get(b).isClosed();
  }

  /** Whether a unit sent now from {@code a} reaches {@code b}: connected, same side. */
  boolean reachable(PeerId a, PeerId b) {
    Integer sa = sides.get(a);
    Integer sb = sides.get(b);
    return connected(a, b) && (sa == null || sb == null || sa.equals(sb));
  }

  /**
   * The fate of one unit from {@code a} to {@code b}: the delays of its copies (none when it is
   * lost, two when duplicated).
   */
  List<Long> fate(PeerId a, PeerId b) {
    sent++;
    if (!reachable(a, b) || (dropRate > 0 && random.nextDouble() < dropRate)) {
      dropped++;
      return List.of();
    }
    int copies = duplicateRate > 0 && random.nextDouble() < duplicateRate ? 2 : 1;
    List<Long> delays = new ArrayList<>(copies);
    for (int i = 0; i < copies; i++) {
      long delay =
          minLatency
              + (maxLatency > minLatency
                  ? (long) (random.nextDouble() * (maxLatency - minLatency))
                  : 0);
      if (reorderRate > 0 && random.nextDouble() < reorderRate) {
        delay += (long) (random.nextDouble() * REORDER_MAX.toNanos());
      }
      delays.add(delay);
    }
    return delays;
  }

  /** Delivers a unit after {@code delay} if the two nodes can still reach each other then. */
  void deliver(PeerId from, PeerId to, long delay, Runnable delivery) {
    scheduler.schedule(
        () -> {
          if (reachable(from, to)) {
            delivery.run();
          } else {
            dropped++;
          }
        },
        delay,
        TimeUnit.NANOSECONDS);
  }
}
