package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinHints;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invitation is all a node needs, over real libp2p on 127.0.0.1: a stranger with no connection,
 * no bootstrap peer and no application dials the inviter from the text, fetches the application
 * from it over {@code /mero4j/app/1}, is admitted and converges.
 */
class JoinByInvitationTest {
  @TempDir Path dir;

  @Test
  void aStrangerJoinsWithTheInvitationAloneAndTheAppTravels() {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node inviter = cluster.add();
      ContextId ctx = inviter.contexts.create(inviter.app, "{}").contextId();
      inviter.call(ctx, "set", "{\"key\":\"from\",\"value\":\"inviter\"}");
      String text =
          inviter.contexts.invite(ctx, MemberRole.ADMIN, Duration.ofHours(1), Optional.empty());
      JoinHints hints = IssuedInvitation.parse(text).hints().orElseThrow();
      assertThat(hints.peer()).isEqualTo(inviter.transport.localPeer().id().value());
      assertThat(hints.addresses()).isNotEmpty().allMatch(a -> a.contains("/p2p/" + hints.peer()));
      assertThat(hints.applicationSize()).isEqualTo(Cluster.PROBE.length);

      Cluster.Node stranger = cluster.addStranger();
      assertThat(stranger.transport.connectedPeers()).isEmpty();
      assertThat(stranger.apps.list()).isEmpty();

      assertThat(stranger.replicator.join(text).contextId()).isEqualTo(ctx);
      assertThat(stranger.apps.get(inviter.app)).isPresent();
      assertThat(stranger.apps.partialDownload(inviter.app)).isEmpty();
      stranger.call(ctx, "set", "{\"key\":\"from2\",\"value\":\"stranger\"}");
      cluster.awaitConverged(ctx, Duration.ofSeconds(60));
      assertThat(inviter.call(ctx, "get", "{\"key\":\"from2\"}")).isEqualTo("\"stranger\"");
      assertThat(stranger.call(ctx, "get", "{\"key\":\"from\"}")).isEqualTo("\"inviter\"");

      String again =
          stranger.contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
      assertThat(IssuedInvitation.parse(again).hints().orElseThrow().rendezvousSecret())
          .as("every member carries the context's rendezvous secret")
          .isEqualTo(hints.rendezvousSecret());
      await().until(() -> inviter.contexts.members(ctx).size() == 2);
    }
  }
}
