package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.transport.api.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A governance op sealed under a key this node has not received yet says the node is behind, not
 * that its sender lied: the node pulls the sender's log and opens it, and counts no refusal against
 * the sender. Periodic sync and heartbeats are an hour apart here, so only the op's own gossip can
 * bring the node up to date.
 */
class UnopenedGovernanceOpTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final ReplicationConfig GOSSIP_ONLY =
      new ReplicationConfig(
          Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5), 200, 200);

  @TempDir Path dir;

  @Test
  void anOpUnderAKeyNotYetReceivedIsPulledNotCountedAgainstItsSender() {
    try (Cluster cluster = Cluster.onLoopback(dir, 47, GOSSIP_ONLY)) {
      Cluster.Node a = cluster.add();
      Cluster.Node b = cluster.add();
      Cluster.Node c = cluster.add();
      ContextId ctx = a.contexts.create(a.app, "{}").contextId();
      PublicKey bob = Cluster.join(b, a, ctx).memberPublicKey();
      PublicKey carol = Cluster.join(c, a, ctx).memberPublicKey();
      await().atMost(WITHIN).until(() -> c.contexts.members(ctx).size() == 3);

      // Carol misses Bob's removal, which rotates the context key.
      cluster.network().partition(Set.of(peer(a), peer(b)), Set.of(peer(c)));
      a.contexts.removeMember(ctx, bob);
      cluster.network().heal();
      // The next op is sealed under the rotated key; Carol gets it by gossip before anything else.
      a.contexts.setRole(ctx, carol, MemberRole.ADMIN);

      await("Carol pulls what she missed and applies the op")
          .atMost(WITHIN)
          .until(() -> roleOf(c.contexts.members(ctx), carol) == MemberRole.ADMIN);
      assertThat(keys(c.contexts.members(ctx))).doesNotContain(bob);
      assertThat(c.replicator.rejectedBy()).doesNotContainKey(peer(a));
    }
  }

  private static PeerId peer(Cluster.Node node) {
    return node.transport.localPeer().id();
  }

  private static MemberRole roleOf(List<MemberInfo> members, PublicKey key) {
    return members.stream()
        .filter(m -> m.publicKey().equals(key))
        .map(MemberInfo::role)
        .findFirst()
        .orElse(null);
  }

  private static List<PublicKey> keys(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::publicKey).toList();
  }
}
