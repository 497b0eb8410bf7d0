package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.membership.InvalidInvitationException;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinHints;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining reveals nothing to strangers (16.3), over real libp2p on 127.0.0.1: the invitation text's
 * unsigned hints are pointed at a stranger peer that answers the joiner's hello with a genuine
 * member proof it got from the real member beforehand, refuses every join, keeps everything it
 * receives and replays it to the member.
 */
class StrangerJoinPeerTest {
  @TempDir Path dir;

  @Test
  void aStrangerLearnsNothingItCanReplayAndItsRefusalIsIgnored() throws Exception {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node member = cluster.add();
      ContextId ctx = member.contexts.create(member.app, "{}").contextId();
      String text =
          member.contexts.invite(ctx, MemberRole.ADMIN, Duration.ofHours(1), Optional.empty());
      IssuedInvitation issued = IssuedInvitation.parse(text);
      PeerId memberPeer = member.transport.localPeer().id();

      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      Transport stranger =
          new Libp2pTransportProvider()
              .start(
                  new TransportConfig(
                      KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
      stranger
          .dial(member.transport.localPeer().listenAddresses().get(0) + "/p2p/" + memberPeer)
          .toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      byte[] genuineProof =
          stranger
              .request(
                  memberPeer,
                  SyncProtocol.ID,
                  SyncCodec.encode(new SyncFrame.JoinHello(ctx, new byte[32])),
                  Duration.ofSeconds(10))
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      List<byte[]> received = new CopyOnWriteArrayList<>();
      stranger.serve(SyncProtocol.ID, (from, request) -> answer(genuineProof, received, request));
      try {
        JoinHints real = issued.hints().orElseThrow();
        Transport.PeerInfo self = stranger.localPeer();
        String tampered =
            issued
                .withHints(
                    new JoinHints(
                        self.id().value(),
                        List.of(self.listenAddresses().get(0) + "/p2p/" + self.id()),
                        real.applicationSize(),
                        real.rendezvousSecret()))
                .toText();

        Cluster.Node joiner = cluster.add();
        assertThat(joiner.replicator.join(tampered).contextId())
            .as("the stranger's refusal is ignored; the real member admits")
            .isEqualTo(ctx);
        assertThat(received).as("the joiner asked the stranger first").isNotEmpty();
        assertThat(received)
            .as("the stranger proved nothing, so it never saw a join request")
            .allMatch(m -> SyncCodec.decode(m) instanceof SyncFrame.JoinHello);

        byte[] secret = issued.secret().orElseThrow();
        for (byte[] message : received) {
          assertThat(indexOf(message, secret))
              .as("the bearer secret reached the stranger")
              .isEqualTo(-1);
          try {
            stranger
                .request(memberPeer, SyncProtocol.ID, message, Duration.ofSeconds(5))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException refused) {
            // the member resets a replayed request: refused
          }
        }
        assertThat(member.contexts.members(ctx))
            .as("the replays admitted nobody: only the member and the joiner")
            .hasSize(2);
      } finally {
        stranger.close();
      }
    }
  }

  /** Answers hellos with a replayed genuine member proof, refuses joins, keeps all it receives. */
  private static byte[] answer(byte[] genuineProof, List<byte[]> received, byte[] request) {
    received.add(request);
    if (SyncCodec.decode(request) instanceof SyncFrame.JoinHello) {
      return genuineProof;
    }
    return SyncCodec.encode(
        new SyncFrame.JoinResponse(
            new JoinResponse.Refused(InvalidInvitationException.Reason.REVOKED, "go away")
                .encode()));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
