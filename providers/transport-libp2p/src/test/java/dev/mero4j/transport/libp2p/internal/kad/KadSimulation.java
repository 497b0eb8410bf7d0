package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic network of {@link KadDht} nodes in virtual time: one event queue, seeded
 * latencies, crashed nodes that never answer (their requests time out). The DHT code is the
 * production code; only {@link KadNetwork} is simulated.
 */
final class KadSimulation {
  private static final long MS = 1_000_000L;

  /** A request to a crashed node fails after this long. */
  static final long RPC_TIMEOUT = 2_000 * MS;

  private record Event(long at, long seq, Runnable task) {}

  /** One simulated node. */
  final class Node implements KadNetwork {
    final KadDht dht;
    final KadContact contact;
    final int index;
    boolean alive = true;

    Node(int index) {
      this.index = index;
      KeyPair key = KadTestPeers.key("sim-" + seed + "-" + index);
      this.dht =
          new KadDht(key, KadParams.DEFAULTS, this, clock::get, new Random(seed + index), List::of);
      this.contact = dht.self();
    }

    @Override
    public CompletableFuture<KadMessage> send(KadContact to, KadMessage request) {
      CompletableFuture<KadMessage> answer = new CompletableFuture<>();
      sent++;
      Node target = byId.get(to.id());
      if (target == null || !target.alive) {
        after(RPC_TIMEOUT, () -> answer.completeExceptionally(new KadException("timeout")));
        return answer;
      }
      PeerId from = dht.id();
      connect(this, target);
      after(
          latency(),
          () -> {
            if (!target.alive) {
              after(RPC_TIMEOUT, () -> answer.completeExceptionally(new KadException("timeout")));
              return;
            }
            KadMessage reply;
            try {
              reply = target.dht.handle(from, request);
            } catch (KadException e) {
              answer.completeExceptionally(e);
              return;
            }
            after(latency(), () -> answer.complete(reply));
          });
      return answer;
    }

    @Override
    public String ipGroup(PeerId peer) {
      return null;
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
      after(delayNanos, task);
    }
  }

  private final long seed;
  private final Random random;
  private final AtomicLong clock = new AtomicLong();
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<PeerId, Node> byId = new HashMap<>();
  private final Set<Long> connections = new HashSet<>();
  final List<Node> nodes = new ArrayList<>();
  private long seq;
  long sent;

  KadSimulation(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * The first message between two nodes opens their connection, and identify then tells each that
   * the other serves the DHT, as on a real network.
   */
  private void connect(Node a, Node b) {
    long pair = Math.min(a.index, b.index) * 1_000_000L + Math.max(a.index, b.index);
    if (connections.add(pair)) {
      a.dht.seen(b.contact);
      b.dht.seen(a.contact);
    }
  }

  private long latency() {
    return (10 + random.nextInt(90)) * MS;
  }

  private void after(long delay, Runnable task) {
    queue.add(new Event(clock.get() + delay, seq++, task));
  }

  /** Runs events until {@code done} completes (or nothing is left); returns its value. */
  <T> T run(CompletableFuture<T> done) {
    while (!done.isDone() && !queue.isEmpty()) {
      Event e = queue.poll();
      clock.set(Math.max(clock.get(), e.at));
      e.task.run();
    }
    return done.join();
  }

  /** Adds a node that knows {@code introductions} random live nodes, and bootstraps it. */
  Node join(int introductions) {
    Node n = new Node(nodes.size());
    List<Node> live = live();
    nodes.add(n);
    byId.put(n.dht.id(), n);
    for (int i = 0; i < introductions && !live.isEmpty(); i++) {
      n.dht.table().seen(live.get(random.nextInt(live.size())).contact, null);
    }
    run(n.dht.bootstrap());
    return n;
  }

  /** Crashes {@code count} random live nodes; they never answer again. */
  void crash(int count) {
    for (int i = 0; i < count; i++) {
      List<Node> live = live();
      live.get(random.nextInt(live.size())).alive = false;
    }
  }

  /** Crashes {@code node}. */
  void crash(Node node) {
    node.alive = false;
  }

  List<Node> live() {
    return nodes.stream().filter(n -> n.alive).toList();
  }

  Node randomLive() {
    List<Node> live = live();
    return live.get(random.nextInt(live.size()));
  }
}
