package dev.mero4j.simulator;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.testdata.TestWasm;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One seeded run: 3–7 nodes join a context of the ABI probe app, a random schedule of writes,
 * faults, partitions, outages, restarts and time steps plays out, then the network heals and every
 * node must reach the same root, heads and app-visible state.
 *
 * <pre>
 *   seed ─► Random ─► node count, schedule, every network fault, every key pair
 *   setup ─► ops (writes | time | faults | partition/heal | offline/online | restart)
 *         ─► healAll ─► run virtual time until converged (or CONVERGE_WITHIN) ─► assert
 * </pre>
 */
final class Simulation implements AutoCloseable {
  /** Replication timing of the tests (Cluster.FAST in the replication module). */
  static final ReplicationConfig FAST =
      new ReplicationConfig(
          Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofSeconds(5), 200, 200);

  /** One engine for every node and seed: Chicory caches the compiled probe by hash. */
  static final WasmEngine ENGINE = new SharedModules(new ChicoryWasmEngine());

  static final byte[] PROBE = probe();

  /** Virtual time a healed network gets to converge; sync every 400 ms makes this generous. */
  static final Duration CONVERGE_WITHIN = Duration.ofSeconds(120);

  /** Virtual time the converged state must then stay put. */
  static final Duration STABLE_FOR = Duration.ofSeconds(3);

  /**
   * Largest clock skew of a node. Two nodes differ by at most twice this, under the 5 s drift limit
   * of the hybrid logical clock, so no honest delta may be refused as "from the future".
   */
  static final Duration MAX_SKEW = Duration.ofMillis(2000);

  private static final int KEYS = 8;

  private static final int TRACE_LINES = 40;

  final long seed;
  final ReplicationConfig config;
  final Random random;
  final VirtualScheduler world = new VirtualScheduler();
  final SimulatedNetwork network;
  final List<SimNode> nodes = new ArrayList<>();
  ContextId ctx;
  private final Deque<String> trace = new ArrayDeque<>();
  private int writes;

  /** Draws role changes without touching {@link #random}, so plain runs keep their schedules. */
  Random roleChanges;

  /** Draws history pruning (on offline and restart steps), likewise apart from {@link #random}. */
  private Random prunes;

  /** Nodes outside {@link #nodes} (the adversary), closed with the others. */
  private final List<SimNode> extra = new ArrayList<>();

  /**
   * Whether an adversary plays: an honest node that applies the adversary's backdated removal of it
   * before the removal of the adversary believes itself removed for a while and refuses, then
   * re-fetches, what it was not given, and every node refuses the adversary's flood; the
   * adversary's check then counts refusals by peer instead ({@code Adversary.checkIgnored}).
   */
  private boolean adversarial;

  Simulation(long seed) {
    this(seed, FAST);
  }

  Simulation(long seed, ReplicationConfig config) {
    this.seed = seed;
    this.config = config;
    this.random = new Random(mix(seed));
    this.network = new SimulatedNetwork(world, new Random(mix(~seed)));
  }

  /** The standard run of one seed: the seed picks 3–7 nodes and 20–50 operations. */
  static String run(long seed) {
    try (Simulation sim = new Simulation(seed)) {
      int count = 3 + sim.random.nextInt(5);
      sim.start(count, 2 + sim.random.nextInt(count - 1))
          .chaos(20 + sim.random.nextInt(31))
          .healAndConverge();
      return sim.fingerprint();
    }
  }

  /**
   * The standard run with membership churn: before each step, with 8 % probability, the admin (node
   * 0) flips a member between read-only and member. Writes of a node that knows it is read-only
   * fail locally; writes made before the change reached it stay valid everywhere.
   */
  static String runWithRoleChanges(long seed) {
    try (Simulation sim = new Simulation(seed)) {
      sim.roleChanges = new Random(mix(seed * 7919));
      int count = 3 + sim.random.nextInt(5);
      sim.start(count, 2 + sim.random.nextInt(count - 1))
          .chaos(20 + sim.random.nextInt(31))
          .healAndConverge();
      return sim.fingerprint();
    }
  }

  /**
   * The standard run where a node going offline or restarting may lose its delta envelopes (as a
   * node that pruned its history), and a peer more than 20 deltas behind is sent a snapshot: late
   * and far-behind nodes converge through snapshots from peers that cannot serve the history.
   */
  static String runWithPrunedHistory(long seed) {
    try (Simulation sim = new Simulation(seed, FAST.withSnapshotAfter(20))) {
      sim.prunes = new Random(mix(seed * 104_729));
      int count = 3 + sim.random.nextInt(5);
      sim.start(count, 2 + sim.random.nextInt(count - 1))
          .chaos(20 + sim.random.nextInt(31))
          .healAndConverge();
      return sim.fingerprint();
    }
  }

  /** Starts {@code count} nodes; node 0 creates the context and all others join it at once. */
  Simulation start(int count) {
    return start(count, count);
  }

  /**
   * Starts {@code count} nodes; node 0 creates the context, nodes up to {@code joined - 1} join it
   * at once and the rest join during the run (a "join" step) or at the latest before healing.
   */
  Simulation start(int count, int joined) {
    for (int i = 0; i < count; i++) {
      long skew = (long) ((random.nextDouble() * 2 - 1) * MAX_SKEW.toNanos());
      nodes.add(
          new SimNode(
              i, network, world, ENGINE, PROBE, config, seed * 131 + i, Duration.ofNanos(skew)));
    }
    SimNode creator = nodes.get(0);
    ctx = creator.contexts.create(creator.appId, "{\"owner\":\"sim\"}").contextId();
    for (SimNode node : nodes.subList(1, joined)) {
      join(node);
    }
    world.runFor(Duration.ofSeconds(1));
    log("started " + count + " nodes, " + joined + " in context " + ctx);
    return this;
  }

  /**
   * {@code node} joins with an invitation of the creator (the admin), answered by any member it
   * reaches.
   */
  private void join(SimNode node) {
    log(node + " joins");
    String invitation =
        nodes.get(0).contexts.invite(ctx, MemberRole.MEMBER, Duration.ofDays(1), Optional.empty());
    try {
      node.replicator.join(invitation);
    } catch (JoinUnavailableException e) {
      log(node + " reached no member: " + e.getMessage());
    }
  }

  /**
   * Adds {@code node}, a node outside {@link #nodes}, to those closed with the simulation; honest
   * nodes' refusals no longer fail the run.
   */
  void addAdversary(SimNode node) {
    adversarial = true;
    extra.add(node);
  }

  private boolean member(SimNode node) {
    return node.contexts.contextIds().contains(ctx);
  }

  /** Plays {@code operations} random steps. */
  Simulation chaos(int operations) {
    for (int i = 0; i < operations; i++) {
      step();
    }
    return this;
  }

  private void step() {
    if (roleChanges != null && roleChanges.nextInt(100) < 8) {
      flipRole();
    }
    int roll = random.nextInt(100);
    SimNode node = nodes.get(random.nextInt(nodes.size()));
    if (roll < 45) {
      if (member(node)) {
        write(node);
      } else {
        join(node);
      }
    } else if (roll < 72) {
      Duration d = Duration.ofMillis(10 + random.nextInt(1500));
      log("run " + d.toMillis() + " ms");
      world.runFor(d);
    } else if (roll < 79) {
      double drop = random.nextDouble() * 0.5;
      double duplicate = random.nextDouble() * 0.3;
      double reorder = random.nextDouble() * 0.5;
      log(String.format("faults drop=%.2f duplicate=%.2f reorder=%.2f", drop, duplicate, reorder));
      network.faults(drop, duplicate, reorder);
    } else if (roll < 84) {
      List<Set<PeerId>> sides = randomSides();
      log("partition " + sides);
      network.partition(sides);
    } else if (roll < 89) {
      log("heal partition");
      network.heal();
    } else if (roll < 94) {
      log(node + " offline");
      network.setOnline(node.id, false);
      maybePrune(node);
    } else if (roll < 98) {
      log(node + " online");
      network.setOnline(node.id, true);
    } else {
      log(node + " restart");
      maybePrune(node);
      node.restart();
    }
  }

  private void maybePrune(SimNode node) {
    if (prunes != null && prunes.nextBoolean() && member(node)) {
      List<SimNode> others = nodes.stream().filter(n -> n != node && member(n)).toList();
      int pruned =
          node.pruneHistory(ctx, id -> others.stream().allMatch(n -> n.replica(ctx).contains(id)));
      log(node + " prunes the history every member holds (" + pruned + " envelopes)");
    }
  }

  private void flipRole() {
    SimNode admin = nodes.get(0);
    List<MemberInfo> others = admin.contexts.members(ctx).stream().filter(m -> !m.local()).toList();
    if (others.isEmpty()) {
      return;
    }
    MemberInfo member = others.get(roleChanges.nextInt(others.size()));
    MemberRole role =
        member.role() == MemberRole.READ_ONLY ? MemberRole.MEMBER : MemberRole.READ_ONLY;
    log("node-0 sets " + member.publicKey() + " " + role.label());
    admin.contexts.setRole(ctx, member.publicKey(), role);
  }

  private void write(SimNode node) {
    int kind = random.nextInt(100);
    String method;
    String args;
    if (kind < 40) {
      method = "set";
      args =
          "{\"key\":\"k"
              + random.nextInt(KEYS)
              + "\",\"value\":\""
              + node.index
              + "-"
              + writes
              + "\"}";
    } else if (kind < 52) {
      method = "remove";
      args = "{\"key\":\"k" + random.nextInt(KEYS) + "\"}";
    } else if (kind < 67) {
      method = "bump";
      args = "{\"by\":" + (1 + random.nextInt(3)) + "}";
    } else if (kind < 93) {
      int length = textLength(node);
      method = "type_text";
      args =
          "{\"pos\":"
              + random.nextInt(length + 1)
              + ",\"text\":\""
              + (char) ('a' + node.index)
              + writes
              + "\"}";
    } else if (kind < 97) {
      method = "announce";
      args = "{\"key\":\"n" + random.nextInt(3) + "\"}";
    } else {
      method = random.nextBoolean() ? "fail_after_write" : "panic_after_write";
      args = "{}";
    }
    writes++;
    try {
      node.call(ctx, method, args);
      log(node + " " + method + " " + args);
    } catch (RuntimeApiException e) {
      log(node + " " + method + " " + args + " failed: " + e.getClass().getSimpleName());
    }
  }

  private int textLength(SimNode node) {
    String json = node.call(ctx, "text", "{}");
    return json.length() - 2;
  }

  private List<Set<PeerId>> randomSides() {
    int groups = 2 + random.nextInt(Math.min(2, nodes.size() - 1));
    List<Set<PeerId>> sides = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      sides.add(new TreeSet<>());
    }
    for (SimNode node : nodes) {
      sides.get(random.nextInt(groups)).add(node.id);
    }
    return sides;
  }

  /** Heals everything and runs virtual time until every node agrees, then checks it stays so. */
  Simulation healAndConverge() {
    log("heal all");
    network.healAll();
    nodes.stream().filter(n -> !member(n)).forEach(this::join);
    long deadline = world.nanoTime() + CONVERGE_WITHIN.toNanos();
    while (disagreement() != null && world.nanoTime() < deadline) {
      world.runFor(Duration.ofMillis(100));
    }
    String problem = disagreement();
    if (problem == null) {
      world.runFor(STABLE_FOR);
      problem = disagreement();
    }
    if (problem == null) {
      problem = appDisagreement();
    }
    if (problem == null && !world.failures().isEmpty()) {
      problem = "a scheduled task threw " + world.failures().get(0);
    }
    if (problem == null && !adversarial) {
      for (SimNode node : nodes) {
        if (node.replicator.rejectedCount() > 0) {
          problem =
              node
                  + " rejected "
                  + node.replicator.rejectedCount()
                  + " envelopes from honest peers";
        }
      }
    }
    if (problem != null) {
      throw new AssertionError(failure(problem));
    }
    return this;
  }

  /** Why the nodes do not agree on root, heads and pending deltas; null when they do. */
  String disagreement() {
    ContextReplica first = nodes.get(0).replica(ctx);
    Set<DeltaId> heads = new HashSet<>(first.heads());
    for (SimNode node : nodes) {
      ContextReplica replica = node.replica(ctx);
      if (replica.pendingCount() > 0) {
        return node + " has " + replica.pendingCount() + " pending deltas";
      }
      if (replica.awaitingGovernanceCount() > 0) {
        return node
            + " has "
            + replica.awaitingGovernanceCount()
            + " deltas waiting for governance";
      }
      if (!node.contexts.members(ctx).stream()
          .map(m -> m.publicKey() + "=" + m.role())
          .collect(Collectors.toSet())
          .equals(
              nodes.get(0).contexts.members(ctx).stream()
                  .map(m -> m.publicKey() + "=" + m.role())
                  .collect(Collectors.toSet()))) {
        return node + " members " + node.contexts.members(ctx) + " differ from node-0's";
      }
      if (!replica.rootHash().equals(first.rootHash())) {
        return node
            + " root "
            + replica.rootHash()
            + " differs from node-0 root "
            + first.rootHash();
      }
      if (!new HashSet<>(replica.heads()).equals(heads)) {
        return node + " heads " + replica.heads() + " differ from node-0 heads " + first.heads();
      }
    }
    return null;
  }

  private String appDisagreement() {
    String expected = appView(nodes.get(0));
    for (SimNode node : nodes) {
      String view = appView(node);
      if (!view.equals(expected)) {
        return node + " reads " + view + " but node-0 reads " + expected;
      }
    }
    return null;
  }

  /** What the app shows: text, len and every key. */
  String appView(SimNode node) {
    StringBuilder out = new StringBuilder();
    out.append("text=")
        .append(node.call(ctx, "text", "{}"))
        .append(" len=")
        .append(node.call(ctx, "len", "{}"));
    for (int k = 0; k < KEYS; k++) {
      out.append(" k")
          .append(k)
          .append('=')
          .append(node.call(ctx, "get", "{\"key\":\"k" + k + "\"}"));
    }
    return out.toString();
  }

  /** A fingerprint of the whole run: equal for two runs of one seed. */
  String fingerprint() {
    return nodes.get(0).replica(ctx).rootHash()
        + " at "
        + Duration.ofNanos(world.nanoTime())
        + ", "
        + network.stats()
        + ", "
        + writes
        + " writes";
  }

  void log(String line) {
    trace.addLast(String.format("%9.3fs %s", world.nanoTime() / 1e9, line));
    if (trace.size() > TRACE_LINES) {
      trace.removeFirst();
    }
  }

  String failure(String problem) {
    return "simulation seed "
        + seed
        + " ("
        + nodes.size()
        + " nodes) did not converge: "
        + problem
        + "\n  reproduce: "
        + reproduce(seed)
        + "\n  network: "
        + network.stats()
        + "\n  last steps:\n    "
        + String.join("\n    ", trace);
  }

  /**
   * Spreads neighbouring seeds apart: java.util.Random's first draws for seeds 1, 2, 3 are alike.
   */
  static long mix(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String reproduce(long seed) {
    return "mvn -B -q -f integration-tests/simulator/pom.xml verify -Dtest=SimulationTest -Dmero4j.sim.seed="
        + seed;
  }

  @Override
  public void close() {
    nodes.forEach(SimNode::close);
    extra.forEach(SimNode::close);
  }

  private static byte[] probe() {
    return TestWasm.abiProbe();
  }
}
