package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.membership.ContextKeys;
import dev.mero4j.membership.KeyUnavailableException;
import dev.mero4j.membership.PayloadKind;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership end to end on the loopback network: what a subscriber who is not a member sees,
 * joining by invitation over the sync protocol, and removal with key rotation.
 */
class MembershipReplicationTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 17);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aSubscriberWhoIsNotAMemberSeesOnlyCiphertext() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node eve = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    eve.transport.subscribe(
        SyncProtocol.topic(a.contexts.rendezvousSecret(ctx)),
        message -> seen.add(message.payload()));
    a.call(ctx, "set", "{\"key\":\"plain-key-4711\",\"value\":\"plain-value-0815\"}");
    b.call(ctx, "type_text", "{\"pos\":0,\"text\":\"plain-text-2323\"}");
    PublicKey bob = b.contexts.identities(ctx).get(0);
    a.contexts.setRole(ctx, bob, MemberRole.ADMIN);
    await()
        .atMost(WITHIN)
        .until(() -> kinds(seen).containsAll(List.of("Delta", "Heartbeat", "Governance")));
    await().atMost(WITHIN).until(() -> "\"plain-text-2323\"".equals(a.call(ctx, "text", "{}")));

    ContextKeys outsider = new ContextKeys(ctx, new SecureRandom());
    for (byte[] payload : seen) {
      String text = new String(payload, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain("plain-key-4711", "plain-value-0815", "plain-text-2323");
      assertThat(indexOf(payload, ctx.toBytes()))
          .as("the raw context id never travels on the topic")
          .isEqualTo(-1);
      assertThat(indexOf(payload, bob.toBytes())).as("nor do member keys").isEqualTo(-1);
      byte[] sealed = sealedBytes(SyncCodec.decode(payload));
      assertThat(ContextKeys.sealedWith(sealed))
          .as("every topic frame is a sealed payload")
          .isNotNull();
      for (PayloadKind kind : PayloadKind.values()) {
        assertThatThrownBy(() -> outsider.open(kind, sealed))
            .isInstanceOf(dev.mero4j.membership.MembershipException.class);
      }
    }
    assertThat(eve.contexts.contextIds()).isEmpty();
    assertThat(a.replicator.rejectedCount()).isZero();
  }

  @Test
  void aRemovedMemberCannotReadWhatIsWrittenAfterItsRemoval() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node c = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    PublicKey carol = Cluster.join(c, a, ctx).memberPublicKey();
    c.call(ctx, "set", "{\"key\":\"from-c\",\"value\":\"1\"}");
    cluster.awaitConverged(ctx, WITHIN);

    List<byte[]> sealedByA = new CopyOnWriteArrayList<>();
    a.contexts.onCommit((id, envelope) -> sealedByA.add(envelope));
    a.contexts.removeMember(ctx, carol);
    await()
        .atMost(WITHIN)
        .until(() -> b.contexts.members(ctx).size() == 2 && c.contexts.members(ctx).size() == 2);
    assertThat(c.contexts.members(ctx)).extracting(MemberInfo::publicKey).doesNotContain(carol);
    assertThatThrownBy(() -> c.call(ctx, "set", "{\"key\":\"x\",\"value\":\"1\"}"))
        .isInstanceOf(UnauthorizedException.class);

    Hash carolsRoot = c.contexts.replica(ctx).rootHash();
    a.call(ctx, "set", "{\"key\":\"after-removal\",\"value\":\"secret\"}");
    b.call(ctx, "bump", "{\"by\":5}");
    await()
        .atMost(WITHIN)
        .until(
            () ->
                "\"secret\"".equals(b.call(ctx, "get", "{\"key\":\"after-removal\"}"))
                    && "5".equals(a.call(ctx, "bump", "{\"by\":0}")));
    await("a and b converge without c")
        .atMost(WITHIN)
        .until(() -> a.contexts.replica(ctx).rootHash().equals(b.contexts.replica(ctx).rootHash()));
    await().atMost(WITHIN).until(() -> c.replicator.rejectedCount() > 0);
    assertThat(c.contexts.replica(ctx).rootHash()).isEqualTo(carolsRoot);
    assertThat(c.call(ctx, "get", "{\"key\":\"after-removal\"}")).isNotEqualTo("\"secret\"");
    byte[] envelope = sealedByA.get(sealedByA.size() - 1);
    assertThatThrownBy(() -> c.contexts.replica(ctx).applyRemote(envelope))
        .isInstanceOf(dev.mero4j.runtime.api.RejectedDeltaException.class);
    assertThat(ContextKeys.sealedWith(envelope)).isNotNull();
    assertThatThrownBy(
            () ->
                new ContextKeys(ctx, new SecureRandom()).open(PayloadKind.DELTA_ENVELOPE, envelope))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void forgedAndTransplantedFramesAreCountedAndChangeNothing() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    ContextId other = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    List<byte[]> sealedByA = new CopyOnWriteArrayList<>();
    a.contexts.onCommit((id, envelope) -> sealedByA.add(envelope));
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    cluster.awaitConverged(ctx, WITHIN);
    Hash root = b.contexts.replica(ctx).rootHash();
    String topic = SyncProtocol.topic(a.contexts.rendezvousSecret(ctx));

    byte[] replayed = sealedByA.get(0);
    a.transport.publish(topic, SyncCodec.encode(new SyncFrame.Delta(replayed)));
    byte[] tampered = replayed.clone();
    tampered[tampered.length - 1] ^= 1;
    a.transport.publish(topic, SyncCodec.encode(new SyncFrame.Delta(tampered)));
    a.transport.publish(topic, SyncCodec.encode(new SyncFrame.Governance(tampered)));
    a.call(other, "set", "{\"key\":\"elsewhere\",\"value\":\"v\"}");
    byte[] transplanted = sealedByA.get(sealedByA.size() - 1);
    a.transport.publish(topic, SyncCodec.encode(new SyncFrame.Delta(transplanted)));
    a.transport.publish(topic, SyncCodec.encode(new SyncFrame.Heartbeat(tampered)));

    await().atMost(WITHIN).until(() -> b.replicator.rejectedCount() >= 2);
    assertThat(b.contexts.replica(ctx).rootHash()).isEqualTo(root);
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"1\"}");
    cluster.awaitConverged(ctx, WITHIN);
    await(
            "an envelope of another context waits for its key, then is dropped after a governance pull")
        .atMost(WITHIN)
        .until(() -> b.contexts.replica(ctx).awaitingGovernanceCount() == 0);
    assertThat(b.replicator.rejectedCount())
        .as("the tampered delta and governance op")
        .isGreaterThanOrEqualTo(2);
    assertThat(b.contexts.replica(ctx).rootHash()).isEqualTo(a.contexts.replica(ctx).rootHash());
  }

  @Test
  void joiningOverTheNetworkNamesTheReasonOfARefusal() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node c = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    String invitation =
        a.contexts.invite(ctx, MemberRole.READ_ONLY, Duration.ofHours(1), Optional.empty());
    assertThat(b.replicator.join(invitation).contextId()).isEqualTo(ctx);
    assertThatThrownBy(() -> c.replicator.join(invitation))
        .isInstanceOf(InvitationRefusedException.class)
        .satisfies(
            e ->
                assertThat(((InvitationRefusedException) e).reason())
                    .isEqualTo(InvitationRefusedException.Reason.REUSED));
    assertThat(c.contexts.contextIds()).isEmpty();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    await().atMost(WITHIN).until(() -> "\"v\"".equals(b.call(ctx, "get", "{\"key\":\"k\"}")));
    assertThatThrownBy(() -> b.call(ctx, "set", "{\"key\":\"k\",\"value\":\"w\"}"))
        .isInstanceOf(dev.mero4j.runtime.api.ReadOnlyMemberException.class);
  }

  private static List<String> kinds(List<byte[]> payloads) {
    List<String> kinds = new ArrayList<>();
    for (byte[] payload : payloads) {
      kinds.add(SyncCodec.decode(payload).getClass().getSimpleName());
    }
    return kinds;
  }

  private static byte[] sealedBytes(SyncFrame frame) {
    if (frame instanceof SyncFrame.Delta d) {
      return d.envelope();
    } else if (frame instanceof SyncFrame.Heartbeat h) {
      return h.sealed();
    } else if (frame instanceof SyncFrame.Governance g) {
      return g.sealed();
    }
    throw new AssertionError("unexpected frame on a topic: " + frame);
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
