package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.membership.InvalidInvitationException;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinHints;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.JoinTags;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
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

      Transport stranger = strangerDialling(member);
      byte[] rendezvous = issued.hints().orElseThrow().rendezvousSecret();
      byte[] genuineProof =
          stranger
              .request(
                  memberPeer,
                  SyncProtocol.ID,
                  SyncCodec.encode(hello(rendezvous, stranger.localPeer().id(), memberPeer)),
                  Duration.ofSeconds(10))
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      List<byte[]> received = new CopyOnWriteArrayList<>();
      stranger.serve(SyncProtocol.ID, (from, request) -> answer(genuineProof, received, request));
      try {
        String tampered = pointedAt(issued, stranger);

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

  /**
   * Gap of item 3: the hello named the context id in clear to whatever peer a joiner dialled. Two
   * joiners are sent to a stranger first by rewritten hints; it keeps every byte it receives.
   */
  @Test
  void aStrangerReceivingHellosLearnsNoContextIdAndCannotLinkTwoJoins() throws Exception {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node member = cluster.add();
      ContextId ctx = member.contexts.create(member.app, "{}").contextId();
      Transport stranger = strangerDialling(member);
      Map<PeerId, List<byte[]>> received = new ConcurrentHashMap<>();
      stranger.serve(
          SyncProtocol.ID,
          (from, request) -> {
            received.computeIfAbsent(from, p -> new CopyOnWriteArrayList<>()).add(request);
            throw new ProtocolViolationException("a stranger holds no context");
          });
      try {
        List<PeerId> joiners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          IssuedInvitation issued =
              IssuedInvitation.parse(
                  member.contexts.invite(
                      ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
          Cluster.Node joiner = cluster.add();
          assertThat(joiner.replicator.join(pointedAt(issued, stranger)).contextId())
              .as("the member still admits the joiner")
              .isEqualTo(ctx);
          joiners.add(joiner.transport.localPeer().id());
        }
        List<byte[]> hellos = new ArrayList<>();
        for (PeerId joiner : joiners) {
          List<byte[]> said =
              received.getOrDefault(joiner, List.of()).stream()
                  .filter(b -> SyncCodec.decode(b) instanceof SyncFrame.JoinHello)
                  .toList();
          assertThat(said).as("each joiner said hello to the stranger once").hasSize(1);
          hellos.add(said.get(0));
        }
        String id = HexFormat.of().formatHex(ctx.toBytes());
        String rendezvous = HexFormat.of().formatHex(member.contexts.rendezvousSecret(ctx));
        assertThat(received.values().stream().flatMap(List::stream))
            .as("nothing the stranger got carries the context id or the rendezvous secret")
            .allSatisfy(
                b -> assertThat(HexFormat.of().formatHex(b)).doesNotContain(id, rendezvous));
        assertThat(commonRun(body(hellos.get(0)), body(hellos.get(1))))
            .as("two joins of one context share no bytes the stranger could link them by")
            .isLessThan(8);
        await("the joiners hang up on the stranger")
            .atMost(Duration.ofSeconds(20))
            .until(() -> joiners.stream().noneMatch(stranger.connectedPeers()::contains));
        assertThat(stranger.topicPeers(SyncProtocol.topic(member.contexts.rendezvousSecret(ctx))))
            .as("so the stranger never sees a joiner subscribe to the context's topic")
            .doesNotContainAnyElementsOf(joiners);
      } finally {
        stranger.close();
      }
    }
  }

  /**
   * A hello whose tag no held context matches (the bare context id, a tag made with another secret,
   * or one bound to another responder) is refused exactly like one for a context the node does not
   * hold; only the right tag opens a session.
   */
  @Test
  void aHelloWithAWrongTagIsRefusedLikeAnUnknownContext() throws Exception {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node member = cluster.add();
      ContextId ctx = member.contexts.create(member.app, "{}").contextId();
      byte[] rendezvous = member.contexts.rendezvousSecret(ctx);
      Transport stranger = strangerDialling(member);
      try {
        PeerId self = stranger.localPeer().id();
        PeerId node = member.transport.localPeer().id();
        assertThat(SyncCodec.decode(ask(stranger, node, hello(rendezvous, self, node))))
            .as("the right tag opens a session")
            .isInstanceOf(SyncFrame.JoinChallenge.class);

        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(otherSecret);
        String unknown = refusal(stranger, node, hello(otherSecret, self, node));
        byte[] nonce = new byte[32];
        assertThat(
                List.of(
                    refusal(stranger, node, new SyncFrame.JoinHello(ctx.toBytes(), nonce)),
                    refusal(stranger, node, hello(rendezvous, self, new PeerId("12D3KooWElse")))))
            .as("the bare id and a tag bound to another responder are refused as unknown")
            .containsOnly(unknown);
      } finally {
        stranger.close();
      }
    }
  }

  /** A hello with a fresh nonce, tagged for {@code joiner} to {@code responder}. */
  private static SyncFrame.JoinHello hello(byte[] rendezvous, PeerId joiner, PeerId responder) {
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    return new SyncFrame.JoinHello(JoinTags.tag(rendezvous, joiner, responder, nonce), nonce);
  }

  private static byte[] ask(Transport from, PeerId to, SyncFrame frame) throws Exception {
    return from.request(to, SyncProtocol.ID, SyncCodec.encode(frame), Duration.ofSeconds(10))
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  /** How the responder refused {@code frame}: the failure's type and message. */
  private static String refusal(Transport from, PeerId to, SyncFrame frame) {
    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> ask(from, to, frame));
    return refused.getCause().getClass().getName() + ": " + refused.getCause().getMessage();
  }

  /** A libp2p peer that is no member, connected to {@code member}. */
  private static Transport strangerDialling(Cluster.Node member) throws Exception {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Transport stranger =
        new Libp2pTransportProvider()
            .start(
                new TransportConfig(
                    KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    Transport.PeerInfo info = member.transport.localPeer();
    stranger
        .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    return stranger;
  }

  /** The invitation text of {@code issued} with its hints rewritten to name {@code stranger}. */
  private static String pointedAt(IssuedInvitation issued, Transport stranger) {
    JoinHints real = issued.hints().orElseThrow();
    Transport.PeerInfo self = stranger.localPeer();
    return issued
        .withHints(
            new JoinHints(
                self.id().value(),
                List.of(self.listenAddresses().get(0) + "/p2p/" + self.id()),
                real.applicationSize(),
                real.rendezvousSecret()))
        .toText();
  }

  /** A frame without its version and type bytes. */
  private static byte[] body(byte[] frame) {
    return Arrays.copyOfRange(frame, 2, frame.length);
  }

  /** The longest run of bytes {@code a} and {@code b} have in common. */
  private static int commonRun(byte[] a, byte[] b) {
    int longest = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        int k = 0;
        while (i + k < a.length && j + k < b.length && a[i + k] == b[j + k]) {
          k++;
        }
        longest = Math.max(longest, k);
      }
    }
    return longest;
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
