package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.internal.MemberProofs;
import dev.mero4j.replication.internal.SessionTags;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.transport.api.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync requests are answered only to current members (issue 16, item 14), over the loopback
 * transport: knowing the rendezvous secret (a removed member, a leaked invitation) is not enough,
 * and a non-member gets byte for byte the answer of a context the node does not hold; only a key
 * the log once admitted gets, for a governance pull, the ops that explain why it is no member.
 */
class MemberOnlySyncTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 14);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aRemovedMemberIsRefusedEverySyncRequestAsSoonAsTheResponderAppliesTheRemoval() {
    Cluster.Node a = cluster.add();
    Cluster.Node m = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    PublicKey mallory = Cluster.join(m, a, ctx).memberPublicKey();
    cluster.awaitConverged(ctx, WITHIN);
    PeerId from = m.transport.localPeer().id();
    PeerId to = a.transport.localPeer().id();
    byte[] session = MemberProofs.session(ctx, from, to);
    byte[] proof =
        MemberProofs.mask(
            m.contexts.proveMembership(ctx, session), m.contexts.rendezvousSecret(ctx), session);
    ContextId tag = SessionTags.tag(m.contexts.rendezvousSecret(ctx), from, to);
    List<DeltaId> heads = a.contexts.log(ctx).frontier().heads();

    var known = (SyncFrame.HeadsResponse) ask(m, a, new SyncFrame.Proven(proof, heads(tag)));
    assertThat(known.known()).as("a member is answered").isTrue();
    var keys = (SyncFrame.KeyResponse) ask(m, a, new SyncFrame.Proven(proof, keys(tag, mallory)));
    assertThat(keys.keys()).as("a member gets its keys").isNotEmpty();
    var others =
        ask(m, a, new SyncFrame.Proven(proof, keys(tag, a.contexts.keys(ctx).memberKey())));
    assertThat(((SyncFrame.KeyResponse) others).keys())
        .as("keys are wrapped only to the proven member key")
        .isEmpty();

    a.contexts.removeMember(ctx, mallory);
    String later = a.contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    a.contexts.revokeInvitation(ctx, later);
    ContextId unknown = SessionTags.tag(new byte[32], from, to);
    var standing =
        (SyncFrame.GovernanceResponse)
            ask(m, a, new SyncFrame.Proven(proof, new SyncFrame.GovernanceRequest(tag, List.of())));
    assertThat(standing.ops())
        .as("a governance pull by the removed member gets its admission and removal, nothing later")
        .hasSize(3)
        .hasSizeLessThan(a.contexts.governance(ctx).governanceOps(List.of()).size());
    for (Function<ContextId, SyncFrame> request : requests(heads, mallory)) {
      byte[] notHeld = raw(m, a, new SyncFrame.Proven(proof, request.apply(unknown)));
      if (!(request.apply(tag) instanceof SyncFrame.GovernanceRequest)) {
        assertThat(raw(m, a, new SyncFrame.Proven(proof, request.apply(tag))))
            .as(
                "the removed member gets the answer of an unknown context to %s",
                request.apply(tag))
            .isEqualTo(notHeld);
      }
      assertThat(raw(m, a, request.apply(tag)))
          .as("the rendezvous tag alone is no proof either")
          .isEqualTo(notHeld);
    }
    assertThat(((SyncFrame.HeadsResponse) SyncCodec.decode(raw(m, a, heads(unknown)))).known())
        .isFalse();
  }

  @Test
  void aPeerHoldingTheRendezvousSecretButNoMemberKeyLearnsNothing() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node x = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    Cluster.join(b, a, ctx);
    await().atMost(WITHIN).until(() -> "\"v\"".equals(b.call(ctx, "get", "{\"key\":\"k\"}")));
    ContextId own = x.contexts.create(x.app, "{}").contextId();
    PeerId from = x.transport.localPeer().id();
    PeerId to = a.transport.localPeer().id();
    byte[] secret =
        a.contexts.rendezvousSecret(ctx); // leaked, as an unredeemed invitation holds it
    byte[] session = MemberProofs.session(ctx, from, to);
    byte[] foreign = MemberProofs.mask(x.contexts.proveMembership(own, session), secret, session);
    ContextId tag = SessionTags.tag(secret, from, to);
    ContextId unknown = SessionTags.tag(new byte[32], from, to);
    List<DeltaId> heads = a.contexts.log(ctx).frontier().heads();
    PublicKey key = x.contexts.keys(own).memberKey();
    for (Function<ContextId, SyncFrame> request : requests(heads, key)) {
      byte[] notHeld = raw(x, a, request.apply(unknown));
      assertThat(raw(x, a, request.apply(tag))).isEqualTo(notHeld);
      assertThat(raw(x, a, new SyncFrame.Proven(foreign, request.apply(tag))))
          .as("a signature by a key that is no member of the context proves nothing")
          .isEqualTo(notHeld);
    }
    a.call(ctx, "set", "{\"key\":\"k2\",\"value\":\"v2\"}");
    await("honest members still sync")
        .atMost(WITHIN)
        .until(() -> "\"v2\"".equals(b.call(ctx, "get", "{\"key\":\"k2\"}")));
  }

  private static List<Function<ContextId, SyncFrame>> requests(List<DeltaId> heads, PublicKey key) {
    return List.of(
        MemberOnlySyncTest::heads,
        tag -> new SyncFrame.GetRequest(tag, heads),
        tag -> new SyncFrame.SinceRequest(tag, List.of(), List.of(), 0),
        tag -> new SyncFrame.SnapshotRequest(tag, Hash.ZERO, 0),
        tag -> new SyncFrame.GovernanceRequest(tag, List.of()),
        tag -> keys(tag, key));
  }

  private static SyncFrame heads(ContextId tag) {
    return new SyncFrame.HeadsRequest(tag);
  }

  private static SyncFrame keys(ContextId tag, PublicKey member) {
    return new SyncFrame.KeyRequest(tag, member);
  }

  private static SyncFrame ask(Cluster.Node from, Cluster.Node to, SyncFrame request) {
    return SyncCodec.decode(raw(from, to, request));
  }

  private static byte[] raw(Cluster.Node from, Cluster.Node to, SyncFrame request) {
    return from.transport
        .request(
            to.transport.localPeer().id(),
            SyncProtocol.ID,
            SyncCodec.encode(request),
            Duration.ofSeconds(20))
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }
}
