package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.runtime.internal.RemovedMemberWrites;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A removed member attacking through the real sync protocol on the loopback network: honest nodes
 * keep a removed admin's backdated ops void and never wrap a key to its puppet (which learns its
 * admission is void and drops the context), refuse a removed member's writes after its removal, and
 * keep its earlier writes, signed by its key.
 */
class RemovalReplicationTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 23);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aBackdatedPuppetOfARemovedAdminNeverReceivesAKeyFromHonestNodes() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node mallory = cluster.add();
    Cluster.Node puppetNode = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    PublicKey malloryKey = Cluster.join(mallory, a, ctx, MemberRole.ADMIN).memberPublicKey();
    await().atMost(WITHIN).until(() -> b.contexts.members(ctx).size() == 3);

    // Mallory keeps every op of its removal away from itself: whatever it signs is backdated.
    network.partition(
        Set.of(a.transport.localPeer().id(), b.transport.localPeer().id()),
        Set.of(mallory.transport.localPeer().id(), puppetNode.transport.localPeer().id()));
    a.contexts.removeMember(ctx, malloryKey);
    await().atMost(WITHIN).until(() -> b.contexts.members(ctx).size() == 2);
    mallory.call(ctx, "set", "{\"key\":\"backdated\",\"value\":\"by-mallory\"}");
    // A local write names every head as its parent: it is the one head.
    DeltaId backdatedWrite = mallory.contexts.replica(ctx).heads().get(0);
    assertThat(mallory.contexts.replica(ctx).heads()).containsExactly(backdatedWrite);
    byte[] backdatedFrame =
        SyncCodec.encode(
            new SyncFrame.Delta(
                mallory.contexts.replica(ctx).envelope(backdatedWrite).orElseThrow()));
    String invitation =
        mallory.contexts.invite(ctx, MemberRole.ADMIN, Duration.ofHours(1), Optional.empty());
    PublicKey puppet = puppetNode.replicator.join(invitation).memberPublicKey();
    Set<GovernanceOpId> puppetAdd = mallory.contexts.governance(ctx).governanceHeads();
    assertThat(keys(mallory.contexts.members(ctx))).contains(puppet);

    network.heal();
    // Mallory soon learns its removal from its governance pull and, holding no current key, stops
    // announcing its heads; it gossips its write itself, as a removed member can.
    String topic = SyncProtocol.topic(mallory.contexts.rendezvousSecret(ctx));
    for (Cluster.Node honest : List.of(a, b)) {
      await("the backdated op reaches an honest node over the transport")
          .atMost(WITHIN)
          .until(
              () ->
                  puppetAdd.stream().allMatch(honest.contexts.governance(ctx)::containsGovernance));
      assertThat(keys(honest.contexts.members(ctx))).doesNotContain(puppet, malloryKey);
      assertThat(honest.contexts.keys(ctx).wrappedKeysFor(puppet)).isEmpty();
      await("the concurrent write stays valid and attributable")
          .atMost(WITHIN)
          .until(
              () -> {
                mallory.transport.publish(topic, backdatedFrame);
                return "\"by-mallory\"".equals(honest.call(ctx, "get", "{\"key\":\"backdated\"}"));
              });
    }
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"secret\"}");
    await()
        .atMost(WITHIN)
        .until(() -> "\"secret\"".equals(b.call(ctx, "get", "{\"key\":\"after\"}")));
    // Honest nodes answer the puppet's governance pull, proven by a key their logs once admitted,
    // with Mallory's removal and nothing later (StrandedJoinerTest): the puppet folds it, finds its
    // admission void, joins again with Mallory's invitation, is refused (its inviter is no admin)
    // and drops the context. Until then it never reads what honest members wrote.
    List<String> puppetReads = new CopyOnWriteArrayList<>();
    await("the puppet learns its admission is void and drops the context")
        .atMost(WITHIN)
        .until(() -> dropped(puppetNode, ctx, puppetReads));
    assertThat(puppetReads).doesNotContain("\"secret\"");
    await("no honest node admits the puppet node again")
        .during(Duration.ofSeconds(2))
        .atMost(WITHIN)
        .until(() -> !puppetNode.contexts.contextIds().contains(ctx));
    for (Cluster.Node honest : List.of(a, b)) {
      assertThat(keys(honest.contexts.members(ctx))).doesNotContain(puppet, malloryKey);
      assertThat(honest.contexts.members(ctx)).hasSize(2);
      assertThat(honest.contexts.keys(ctx).wrappedKeysFor(puppet)).isEmpty();
    }
    assertThat(a.replicator.rejectedCount()).isZero();
  }

  /**
   * Whether {@code node} no longer holds {@code ctx}; while it does, what it reads for the key
   * honest members wrote after the removal is added to {@code reads}.
   */
  private static boolean dropped(Cluster.Node node, ContextId ctx, List<String> reads) {
    try {
      reads.add(node.call(ctx, "get", "{\"key\":\"after\"}"));
      return false;
    } catch (UnknownContextException e) {
      return true;
    }
  }

  @Test
  void aRemovedMembersWritesAfterItsRemovalAreRefusedAndItsEarlierWritesStayAttributable() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node mallory = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    PublicKey malloryKey = Cluster.join(mallory, a, ctx).memberPublicKey();
    // Mallory first holds every delta, so its write is the one head (not beside a's first delta).
    cluster.awaitConverged(ctx, WITHIN);
    mallory.call(ctx, "set", "{\"key\":\"early\",\"value\":\"by-mallory\"}");
    DeltaId early = mallory.contexts.replica(ctx).heads().get(0);
    assertThat(mallory.contexts.replica(ctx).heads()).containsExactly(early);
    cluster.awaitConverged(ctx, WITHIN);

    network.partition(
        Set.of(a.transport.localPeer().id(), b.transport.localPeer().id()),
        Set.of(mallory.transport.localPeer().id()));
    a.contexts.removeMember(ctx, malloryKey);
    await().atMost(WITHIN).until(() -> b.contexts.members(ctx).size() == 2);
    // Mallory names the removal as its position (a write after it) and seals under a key it holds.
    Set<GovernanceOpId> afterRemoval = a.contexts.governance(ctx).governanceHeads();
    RemovedMemberWrites.Forged late =
        RemovedMemberWrites.writeAt(mallory.contexts.replica(ctx), afterRemoval, "late");
    network.heal();
    assertThat(List.of(a.replicator.rejectedCount(), b.replicator.rejectedCount()))
        .containsOnly(0L);
    String topic = SyncProtocol.topic(mallory.contexts.rendezvousSecret(ctx));
    await("every honest node refuses the write after the removal")
        .atMost(WITHIN)
        .until(
            () -> {
              mallory.transport.publish(
                  topic, SyncCodec.encode(new SyncFrame.Delta(late.sealed())));
              return a.replicator.rejectedCount() > 0 && b.replicator.rejectedCount() > 0;
            });
    for (Cluster.Node honest : List.of(a, b)) {
      assertThat(honest.contexts.replica(ctx).contains(late.id())).isFalse();
      assertThatThrownBy(() -> honest.contexts.replica(ctx).applyRemote(late.sealed()))
          .isInstanceOf(RejectedDeltaException.class)
          .hasMessageContaining("could not write at its governance position");
      assertThat(honest.call(ctx, "get", "{\"key\":\"early\"}")).isEqualTo("\"by-mallory\"");
      assertThat(RemovedMemberWrites.author(honest.contexts.replica(ctx), early))
          .isEqualTo(malloryKey);
      assertThat(keys(honest.contexts.members(ctx))).doesNotContain(malloryKey);
    }
  }

  private static List<PublicKey> keys(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::publicKey).toList();
  }
}
