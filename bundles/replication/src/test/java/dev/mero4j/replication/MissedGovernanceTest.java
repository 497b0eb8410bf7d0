package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that missed a key-rotating governance op while partitioned learns it after the partition
 * heals even when nobody writes again: a heartbeat it cannot open makes it pull the sender's
 * governance, and it proves its member key for that pull even when its own state wrongly counts it
 * removed (the simulator's adversarial runs found both gaps).
 */
class MissedGovernanceTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 31);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aRemovalMissedWhilePartitionedArrivesAfterTheHealWithNoLaterWrite() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node c = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    PublicKey bob = Cluster.join(b, a, ctx).memberPublicKey();
    Cluster.join(c, a, ctx);
    await().atMost(WITHIN).until(() -> c.contexts.members(ctx).size() == 3);

    network.partition(Set.of(peer(a), peer(b)), Set.of(peer(c)));
    a.contexts.removeMember(ctx, bob);
    assertThat(keys(a.contexts.members(ctx))).doesNotContain(bob);
    network.heal();

    await("the removal reaches the node that missed its gossip")
        .atMost(WITHIN)
        .until(() -> !keys(c.contexts.members(ctx)).contains(bob));
    assertThat(c.contexts.governance(ctx).governanceHeads())
        .isEqualTo(a.contexts.governance(ctx).governanceHeads());
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"rotated\"}");
    await()
        .atMost(WITHIN)
        .until(() -> "\"rotated\"".equals(c.call(ctx, "get", "{\"key\":\"after\"}")));
  }

  @Test
  void aMemberWhoseRemovalIsVoidElsewhereLearnsItIsStillAMember() {
    Cluster.Node a = cluster.add();
    Cluster.Node mallory = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    PublicKey malloryKey = Cluster.join(mallory, a, ctx, MemberRole.ADMIN).memberPublicKey();
    PublicKey bob = Cluster.join(b, a, ctx).memberPublicKey();
    await().atMost(WITHIN).until(() -> b.contexts.members(ctx).size() == 3);

    // Concurrently: A removes Mallory, and Mallory removes Bob. Mallory's op is void everywhere
    // once A's is known, but Bob applies it first and counts himself removed.
    network.partition(Set.of(peer(a)), Set.of(peer(mallory), peer(b)));
    a.contexts.removeMember(ctx, malloryKey);
    mallory.contexts.removeMember(ctx, bob);
    await().atMost(WITHIN).until(() -> !keys(b.contexts.members(ctx)).contains(bob));
    network.heal();

    await("Bob learns the removal that voids his own")
        .atMost(WITHIN)
        .until(() -> keys(b.contexts.members(ctx)).equals(keys(a.contexts.members(ctx))));
    assertThat(keys(b.contexts.members(ctx))).contains(bob).doesNotContain(malloryKey);
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"for-bob\"}");
    await()
        .atMost(WITHIN)
        .until(() -> "\"for-bob\"".equals(b.call(ctx, "get", "{\"key\":\"after\"}")));
  }

  private static dev.mero4j.transport.api.PeerId peer(Cluster.Node node) {
    return node.transport.localPeer().id();
  }

  private static List<PublicKey> keys(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::publicKey).sorted().toList();
  }
}
