package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node admitted by an admin that another node had already removed (the simulator's adversarial
 * runs found it) learns that its admission is void: the honest members answer its governance pull
 * with the removal of its admitter, which it folds itself, and it joins again with its invitation
 * when that is still unused, or stops with the refusal when the removed admin issued it.
 */
class StrandedJoinerTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 47);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aJoinerAdmittedByAnAlreadyRemovedAdminJoinsAgainWithItsUnusedInvitation() {
    Cluster.Node a = cluster.add();
    Cluster.Node mallory = cluster.add();
    Cluster.Node j = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"before\"}");
    PublicKey malloryKey = Cluster.join(mallory, a, ctx, MemberRole.ADMIN).memberPublicKey();
    await().atMost(WITHIN).until(() -> mallory.contexts.members(ctx).size() == 2);
    String invitation =
        a.contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());

    // A removes Mallory while Mallory and J are cut off; J's join reaches only Mallory, which
    // does not know it was removed and admits J.
    network.partition(Set.of(peer(a)), Set.of(peer(mallory), peer(j)));
    a.contexts.removeMember(ctx, malloryKey);
    PublicKey stranded = j.replicator.join(invitation).memberPublicKey();
    assertThat(keys(mallory.contexts.members(ctx))).contains(stranded);
    network.heal();

    await("J learns its admission is void and is admitted again by an honest member")
        .atMost(WITHIN)
        .until(
            () ->
                j.contexts.contextIds().contains(ctx)
                    && keys(a.contexts.members(ctx)).contains(self(j, ctx)));
    PublicKey rejoined = self(j, ctx);
    assertThat(rejoined).isNotEqualTo(stranded);
    assertThat(keys(a.contexts.members(ctx))).doesNotContain(stranded, malloryKey);
    await()
        .atMost(WITHIN)
        .until(() -> keys(j.contexts.members(ctx)).equals(keys(a.contexts.members(ctx))));
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"for-j\"}");
    await()
        .atMost(WITHIN)
        .until(() -> "\"for-j\"".equals(j.call(ctx, "get", "{\"key\":\"after\"}")));
    j.call(ctx, "set", "{\"key\":\"from\",\"value\":\"j\"}");
    await().atMost(WITHIN).until(() -> "\"j\"".equals(a.call(ctx, "get", "{\"key\":\"from\"}")));
  }

  @Test
  void aJoinerInvitedAndAdmittedByAnAlreadyRemovedAdminStopsWithTheRefusal() {
    Cluster.Node a = cluster.add();
    Cluster.Node mallory = cluster.add();
    Cluster.Node j = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    PublicKey malloryKey = Cluster.join(mallory, a, ctx, MemberRole.ADMIN).memberPublicKey();
    await().atMost(WITHIN).until(() -> mallory.contexts.members(ctx).size() == 2);

    network.partition(Set.of(peer(a)), Set.of(peer(mallory), peer(j)));
    a.contexts.removeMember(ctx, malloryKey);
    String invitation =
        mallory.contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    j.replicator.join(invitation);
    network.heal();

    await("J learns its admission and its invitation are void, and drops the context")
        .atMost(WITHIN)
        .until(() -> !j.contexts.contextIds().contains(ctx));
    assertThat(keys(a.contexts.members(ctx))).containsExactly(self(a, ctx));
  }

  private static PublicKey self(Cluster.Node node, ContextId ctx) {
    return node.contexts.identities(ctx).get(0);
  }

  private static PeerId peer(Cluster.Node node) {
    return node.transport.localPeer().id();
  }

  private static List<PublicKey> keys(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::publicKey).sorted().toList();
  }
}
