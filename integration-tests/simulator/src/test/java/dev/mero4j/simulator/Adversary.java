package dev.mero4j.simulator;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An adversarial admin of a {@link Simulation}, kept apart from its honest nodes: it withholds what
 * it signs while cut off, backdates the removal of an honest member and a write on its stale heads
 * once it is removed, then comes back, floods the context's topic and has a puppet node replay the
 * invitation it joined with.
 */
final class Adversary {
  /** Frames the adversary floods the topic with once it is back. */
  private static final int FLOOD_FRAMES = 200;

  /** Where a sealed payload names its key: after its version and kind bytes. */
  private static final int SEALED_KEY_OFFSET = 2;

  private final Simulation sim;
  private final SimNode node;
  private final int index;

  /** The invitation the adversary joined with, redeemed by its key. */
  private final String invitation;

  /** The honest member the adversary tries to remove. */
  private PublicKey victim;

  /** The ids of the governance heads it signed while cut off. */
  private Set<GovernanceOpId> backdated = Set.of();

  private Adversary(Simulation sim, SimNode node, int index, String invitation) {
    this.sim = sim;
    this.node = node;
    this.index = index;
    this.invitation = invitation;
  }

  /**
   * The role-change run with an adversarial admin: it goes offline (withholding what it signs),
   * node-0 removes it, and on its stale heads it backdates the removal of an honest member and a
   * write before coming back and flooding the topic. The honest nodes converge as before, the
   * adversary is a member nowhere, and the member it tried to remove still is.
   */
  static String run(long seed) {
    try (Simulation sim = new Simulation(seed)) {
      sim.roleChanges = new Random(Simulation.mix(seed * 7919));
      int count = 3 + sim.random.nextInt(4);
      sim.start(count, count);
      Adversary adversary = join(sim, count);
      sim.chaos(10 + sim.random.nextInt(11));
      adversary.backdate(new Random(Simulation.mix(seed * 15_485_863)));
      sim.chaos(10 + sim.random.nextInt(11)).healAndConverge();
      adversary.checkIgnored();
      return sim.fingerprint();
    }
  }

  /**
   * The standard run of {@link Simulation#run} with an adversarial admin that joins once every
   * honest node has, and strikes (withholds, backdates, floods) at a seeded step of the chaos; its
   * own draws come from their own generator ({@code SimulationTest}, 200 seeds).
   */
  static String runStandard(long seed) {
    try (Simulation sim = new Simulation(seed)) {
      Random draws = new Random(Simulation.mix(seed * 15_485_863));
      int count = 3 + sim.random.nextInt(5);
      sim.start(count, count);
      Adversary adversary = join(sim, count);
      int operations = 20 + sim.random.nextInt(31);
      int strike = draws.nextInt(operations);
      sim.chaos(strike);
      adversary.backdate(draws);
      sim.chaos(operations - strike).healAndConverge();
      adversary.checkIgnored();
      return sim.fingerprint();
    }
  }

  /**
   * An admin node numbered {@code index}, outside the honest nodes, joins by node-0's invitation.
   */
  static Adversary join(Simulation sim, int index) {
    SimNode node =
        new SimNode(
            index,
            sim.network,
            sim.world,
            Simulation.ENGINE,
            Simulation.PROBE,
            sim.config,
            sim.seed * 131 + index,
            Duration.ZERO);
    sim.addAdversary(node);
    String invitation =
        sim.nodes
            .get(0)
            .contexts
            .invite(sim.ctx, MemberRole.ADMIN, Duration.ofDays(1), Optional.empty());
    node.replicator.join(invitation);
    sim.world.runFor(Duration.ofSeconds(1));
    sim.log(node + " joins as admin (adversary)");
    return new Adversary(sim, node, index, invitation);
  }

  /**
   * Cut off, removed by node-0, the adversary backdates the removal of an honest member and a
   * write, then comes back and floods; remembers the governance heads it signed.
   */
  void backdate(Random draws) {
    sim.network.setOnline(node.id, false);
    PublicKey self = self();
    sim.nodes.get(0).contexts.removeMember(sim.ctx, self);
    sim.log("node-0 removes " + node);
    victim =
        sim.nodes.get(0).contexts.members(sim.ctx).stream()
            .filter(m -> !m.local())
            .map(MemberInfo::publicKey)
            .findFirst()
            .orElseThrow();
    try {
      node.contexts.removeMember(sim.ctx, victim);
      sim.log(node + " backdates the removal of " + victim);
      node.call(sim.ctx, "set", "{\"key\":\"k0\",\"value\":\"backdated\"}");
    } catch (RuntimeApiException e) {
      sim.log(node + " lost its admin role to a role change first: " + e.getMessage());
    }
    backdated = node.contexts.governance(sim.ctx).governanceHeads();
    sim.world.runFor(Duration.ofMillis(500));
    sim.network.setOnline(node.id, true);
    sim.log(node + " back online");
    flood(draws);
    replayInvitation();
  }

  /**
   * A puppet node of the removed adversary replays the invitation the adversary joined with, on
   * another key: the join is refused (already redeemed, or no member answers it).
   */
  private void replayInvitation() {
    int puppetIndex = index + 1;
    SimNode puppet =
        new SimNode(
            puppetIndex,
            sim.network,
            sim.world,
            Simulation.ENGINE,
            Simulation.PROBE,
            sim.config,
            sim.seed * 131 + puppetIndex,
            Duration.ZERO);
    sim.addAdversary(puppet);
    try {
      puppet.replicator.join(invitation);
    } catch (RuntimeApiException e) {
      sim.log(puppet + " replays the adversary's invitation, refused: " + e.getMessage());
      return;
    }
    throw new AssertionError(sim.failure(puppet + " joined with a replayed invitation"));
  }

  /**
   * The adversary floods the context's topic with {@link #FLOOD_FRAMES} frames: its governance ops
   * and its newest envelopes replayed, and junk of each kind (an envelope with a broken tag, one
   * naming a key nobody introduced, bytes that are no frame).
   */
  private void flood(Random draws) {
    List<byte[]> frames = new ArrayList<>();
    for (byte[] op : node.contexts.governance(sim.ctx).governanceOps(List.of())) {
      frames.add(SyncCodec.encode(new SyncFrame.Governance(op)));
    }
    ContextReplica replica = node.replica(sim.ctx);
    for (DeltaId head : replica.heads()) {
      replica
          .envelope(head)
          .ifPresent(
              envelope -> {
                frames.add(SyncCodec.encode(new SyncFrame.Delta(envelope)));
                byte[] brokenTag = envelope.clone();
                brokenTag[brokenTag.length - 1] ^= 1;
                frames.add(SyncCodec.encode(new SyncFrame.Delta(brokenTag)));
                byte[] unknownKey = envelope.clone();
                unknownKey[SEALED_KEY_OFFSET] ^= 1;
                frames.add(SyncCodec.encode(new SyncFrame.Delta(unknownKey)));
              });
    }
    byte[] noise = new byte[64 + draws.nextInt(512)];
    draws.nextBytes(noise);
    frames.add(noise);
    String topic = SyncProtocol.topic(node.contexts.rendezvousSecret(sim.ctx));
    for (int i = 0; i < FLOOD_FRAMES; i++) {
      node.transport.publish(topic, frames.get(draws.nextInt(frames.size())));
    }
    sim.log(node + " floods " + FLOOD_FRAMES + " frames (" + frames.size() + " kinds)");
  }

  /** Every honest node holds the backdated ops, ignores them, and still agrees. */
  void checkIgnored() {
    PublicKey self = self();
    long deadline = sim.world.nanoTime() + Simulation.CONVERGE_WITHIN.toNanos();
    while (!sim.nodes.stream().allMatch(this::holdsBackdated) && sim.world.nanoTime() < deadline) {
      sim.world.runFor(Duration.ofMillis(100));
    }
    for (SimNode honest : sim.nodes) {
      Set<PublicKey> members =
          honest.contexts.members(sim.ctx).stream()
              .map(MemberInfo::publicKey)
              .collect(Collectors.toSet());
      Set<PublicKey> honestKeys =
          sim.nodes.stream()
              .filter(n -> n.contexts.contextIds().contains(sim.ctx))
              .map(n -> n.contexts.identities(sim.ctx).get(0))
              .collect(Collectors.toSet());
      String problem =
          !honestKeys.containsAll(members)
              ? honest + " counts a member that is no honest node: " + members
              : !holdsBackdated(honest)
                  ? honest + " never received the adversary's ops"
                  : members.contains(self)
                      ? honest + " still counts the removed adversary"
                      : !members.contains(victim)
                          ? honest + " let the removed adversary remove " + victim
                          : sim.disagreement();
      if (problem == null) {
        problem = refusedHonestPeer(honest);
      }
      if (problem != null) {
        throw new AssertionError(sim.failure(problem));
      }
    }
  }

  /**
   * What {@code honest} refused from honest peers, or null. Only the member the adversary tried to
   * remove may refuse them: it believes itself removed until the removal of the adversary reaches
   * it, then fetches again what it refused. Refusals led to by the adversary or its puppet are
   * expected.
   */
  private String refusedHonestPeer(SimNode honest) {
    if (honest.contexts.identities(sim.ctx).contains(victim)) {
      return null;
    }
    Set<PeerId> honestPeers = sim.nodes.stream().map(n -> n.id).collect(Collectors.toSet());
    long refused =
        honest.replicator.rejectedBy().entrySet().stream()
            .filter(e -> honestPeers.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    return refused == 0
        ? null
        : honest
            + " refused "
            + refused
            + " envelopes or ops from honest peers: "
            + honest.replicator.rejectedBy();
  }

  private boolean holdsBackdated(SimNode honest) {
    return backdated.stream().allMatch(honest.contexts.governance(sim.ctx)::containsGovernance);
  }

  /** The adversary's node. */
  SimNode node() {
    return node;
  }

  private PublicKey self() {
    return node.contexts.identities(sim.ctx).get(0);
  }
}
