package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.ContextKeys;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.PayloadKind;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.NotAdminException;
import dev.mero4j.runtime.api.ReadOnlyMemberException;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownMemberException;
import dev.mero4j.runtime.internal.DeltaEnvelope;
import dev.mero4j.runtime.internal.ReplicaSide;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership at the replica: invitations, roles, removal with key rotation, and the causal-cut rule
 * for remote writes, with envelopes and governance ops handed over directly (no network).
 */
class MembershipTest {
  private static final WasmEngine ENGINE = new ChicoryWasmEngine();

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private Node a;
  private Node b;
  private Node c;
  private ContextId ctx;

  /** The envelopes of the context's creation, for members who join later. */
  private List<byte[]> initial;

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  /** A node; {@code sent} and {@code governance} are what it would broadcast. */
  private record Node(
      ContextManager contexts, ApplicationId app, List<byte[]> sent, List<byte[]> governance) {
    String call(ContextId ctx, String method, String args) {
      return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
    }

    ContextReplica replica(ContextId ctx) {
      return contexts.replica(ctx);
    }

    PublicKey self(ContextId ctx) {
      return contexts.identities(ctx).get(0);
    }
  }

  private Node node(String name, Clock clock) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(storage, apps, RuntimeLimits.DEFAULT, clock, new SecureRandom());
    ApplicationId app = apps.install(ContextManagerContractTest.probe, "t").id();
    Node node = new Node(contexts, app, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    contexts.onCommit((id, envelope) -> node.sent().add(envelope));
    contexts.onGovernance((id, op) -> node.governance().add(op));
    return node;
  }

  @BeforeEach
  void threeMembers() {
    a = node("a", Clock.systemUTC());
    b = node("b", Clock.systemUTC());
    c = node("c", Clock.systemUTC());
    ctx = a.contexts().create(a.app(), "{}").contextId();
    join(b, MemberRole.MEMBER);
    join(c, MemberRole.MEMBER);
    deliverGovernance(a, b, c);
    for (byte[] envelope : a.sent()) {
      b.replica(ctx).applyRemote(envelope);
      c.replica(ctx).applyRemote(envelope);
    }
    initial = List.copyOf(a.sent());
    a.sent().clear();
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  private void join(Node joiner, MemberRole role) {
    joiner.contexts().setJoiner(Joiners.direct(a.contexts()));
    joiner.contexts().join(a.contexts().invite(ctx, role, Duration.ofHours(1), Optional.empty()));
  }

  /** Hands every governance op {@code from} published to {@code to}, then forgets them. */
  private void deliverGovernance(Node from, Node... to) {
    for (byte[] op : from.governance()) {
      for (Node n : to) {
        n.replica(ctx).applyGovernance(op);
      }
    }
    from.governance().clear();
  }

  private static byte[] last(List<byte[]> list) {
    return list.get(list.size() - 1);
  }

  @Test
  void membersAndRolesAreListedAndOnlyAdminsManageThem() {
    assertThat(a.contexts().members(ctx))
        .extracting(MemberInfo::publicKey)
        .containsExactlyInAnyOrder(a.self(ctx), b.self(ctx), c.self(ctx));
    assertThat(a.contexts().members(ctx))
        .filteredOn(MemberInfo::local)
        .singleElement()
        .satisfies(m -> assertThat(m.role()).isEqualTo(MemberRole.ADMIN));
    assertThat(b.contexts().members(ctx)).hasSize(3);
    assertThatThrownBy(
            () ->
                b.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()))
        .isInstanceOf(NotAdminException.class);
    assertThatThrownBy(() -> b.contexts().removeMember(ctx, c.self(ctx)))
        .isInstanceOf(NotAdminException.class);
    assertThatThrownBy(() -> a.contexts().removeMember(ctx, PublicKey.of(new byte[32])))
        .isInstanceOf(UnknownMemberException.class);
  }

  @Test
  void readOnlyMembersCannotWriteLocallyAndTheirForgedWritesAreRejected() {
    c.call(ctx, "set", "{\"key\":\"by-c\",\"value\":\"1\"}");
    byte[] honest = last(c.sent());
    a.contexts().setRole(ctx, c.self(ctx), MemberRole.READ_ONLY);
    deliverGovernance(a, b, c);
    assertThatThrownBy(() -> c.call(ctx, "set", "{\"key\":\"x\",\"value\":\"1\"}"))
        .isInstanceOf(ReadOnlyMemberException.class)
        .isInstanceOf(UnauthorizedException.class);
    assertThat(c.call(ctx, "get", "{\"key\":\"by-c\"}")).as("reads still work").isEqualTo("\"1\"");

    byte[] backdated = rewrap(c, honest, c.replica(ctx));
    Hash before = b.replica(ctx).rootHash();
    assertThatThrownBy(() -> b.replica(ctx).applyRemote(backdated))
        .as("the same delta claiming the read-only position")
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("could not write at its governance position");
    assertThat(b.replica(ctx).rootHash()).isEqualTo(before);
    assertThat(b.replica(ctx).applyRemote(honest).status())
        .as("written while c could write: valid at its causal cut")
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);
  }

  @Test
  void aRemovedMemberCannotReadWritesAfterItsRemovalButEarlierWritesStayValid() {
    c.call(ctx, "set", "{\"key\":\"before\",\"value\":\"c\"}");
    byte[] writtenBefore = last(c.sent());
    a.contexts().removeMember(ctx, c.self(ctx));
    deliverGovernance(a, b, c);
    assertThat(a.contexts().members(ctx))
        .extracting(MemberInfo::publicKey)
        .doesNotContain(c.self(ctx));
    assertThat(c.contexts().members(ctx))
        .as("c read its own removal")
        .extracting(MemberInfo::publicKey)
        .doesNotContain(c.self(ctx));
    assertThatThrownBy(() -> c.call(ctx, "set", "{\"key\":\"x\",\"value\":\"1\"}"))
        .isInstanceOf(UnauthorizedException.class);

    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"secret\"}");
    byte[] writtenAfter = last(a.sent());
    KeyId newKey = ContextKeys.sealedWith(writtenAfter);
    assertThat(ContextKeys.sealedWith(writtenBefore)).isNotEqualTo(newKey);
    Hash cRoot = c.replica(ctx).rootHash();
    assertThatThrownBy(() -> c.replica(ctx).applyRemote(writtenAfter))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("not given");
    assertThatThrownBy(() -> membership(c).open(PayloadKind.DELTA_ENVELOPE, writtenAfter))
        .isInstanceOf(dev.mero4j.membership.KeyUnavailableException.class);
    assertThat(c.replica(ctx).rootHash()).isEqualTo(cRoot);
    assertThat(b.replica(ctx).applyRemote(writtenAfter).status())
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);

    assertThat(a.replica(ctx).applyRemote(writtenBefore).status())
        .as("authored before the removal, received after it")
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);
    assertThat(a.call(ctx, "get", "{\"key\":\"before\"}")).isEqualTo("\"c\"");
  }

  @Test
  void aMemberAdmittedConcurrentlyWithARemovalGetsTheNewKeyOnRequest() {
    String invitation =
        a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    a.contexts().removeMember(ctx, c.self(ctx));
    byte[] removal = last(a.governance());
    Node d = node("d", Clock.systemUTC());
    d.contexts().setJoiner(Joiners.direct(b.contexts()));
    d.contexts().join(invitation);
    initial.forEach(d.replica(ctx)::applyRemote);
    byte[] admission = last(b.governance());
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"after both\"}");
    byte[] sealed = last(a.sent());
    d.replica(ctx).applyGovernance(removal);
    a.replica(ctx).applyGovernance(admission);

    assertThat(d.replica(ctx).applyRemote(sealed).status())
        .as("under the key d was not wrapped")
        .isEqualTo(ContextReplica.RemoteOutcome.Status.PENDING);
    assertThat(d.replica(ctx).wantsKeys()).isTrue();
    assertThat(a.replica(ctx).wrappedKeysFor(c.self(ctx)))
        .as("nothing for the removed member")
        .isEmpty();
    ContextReplica.GovernanceOutcome delivered =
        d.replica(ctx).acceptKeys(a.replica(ctx).wrappedKeysFor(d.self(ctx)));
    assertThat(delivered.appliedDeltas()).hasSize(1);
    assertThat(d.replica(ctx).wantsKeys()).isFalse();
    assertThat(d.call(ctx, "get", "{\"key\":\"k\"}")).isEqualTo("\"after both\"");
    List<byte[]> forCarol = a.replica(ctx).wrappedKeysFor(d.self(ctx));
    assertThatThrownBy(() -> c.replica(ctx).acceptKeys(forCarol))
        .as("keys wrapped to d are useless to c")
        .isInstanceOf(RejectedGovernanceOpException.class);
  }

  @Test
  void aRemovedNodeDeletesTheContextAndRejoinsWithAFreshIdentity() {
    PublicKey old = c.self(ctx);
    a.contexts().removeMember(ctx, old);
    deliverGovernance(a, b, c);
    c.contexts().delete(ctx);
    join(c, MemberRole.MEMBER);
    PublicKey fresh = c.self(ctx);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(a.contexts().members(ctx))
        .extracting(MemberInfo::publicKey)
        .contains(fresh)
        .doesNotContain(old);
    initial.forEach(c.replica(ctx)::applyRemote);
    c.call(ctx, "set", "{\"key\":\"back\",\"value\":\"1\"}");
    assertThat(a.replica(ctx).applyRemote(last(c.sent())).status())
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);
  }

  @Test
  void aDeltaSignedByANonMemberIsRejectedEvenUnderAKeyTheReceiverHolds() throws Exception {
    c.call(ctx, "set", "{\"key\":\"x\",\"value\":\"1\"}");
    byte[] honest = last(c.sent());
    KeyId oldKey = ContextKeys.sealedWith(honest);
    a.contexts().removeMember(ctx, c.self(ctx));
    deliverGovernance(a, b, c);
    // c, removed, claims its current position (which includes its removal) under the old key it
    // kept.
    byte[] inner = rewrapInner(c, honest, c.replica(ctx));
    byte[] forged = sealUnder(membership(c), oldKey, inner);
    Hash before = b.replica(ctx).rootHash();
    assertThatThrownBy(() -> b.replica(ctx).applyRemote(forged))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("could not write at its governance position");
    assertThat(b.replica(ctx).rootHash()).isEqualTo(before);
    assertThat(b.replica(ctx).contains(DeltaEnvelope.decode(inner, ctx).delta().id())).isFalse();
  }

  @Test
  void replayedTamperedAndTransplantedEnvelopesChangeNothing() {
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    byte[] good = last(a.sent());
    assertThat(b.replica(ctx).applyRemote(good).status())
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);
    Hash root = b.replica(ctx).rootHash();
    assertThat(b.replica(ctx).applyRemote(good).status())
        .as("a replay")
        .isEqualTo(ContextReplica.RemoteOutcome.Status.DUPLICATE);
    byte[] tampered = good.clone();
    tampered[tampered.length - 20] ^= 1;
    assertThatThrownBy(() -> b.replica(ctx).applyRemote(tampered))
        .isInstanceOf(RejectedDeltaException.class);
    byte[] otherKind = membership(a).sealFrame(new byte[] {1});
    assertThatThrownBy(() -> b.replica(ctx).applyRemote(otherKind))
        .as("a heartbeat is not an envelope")
        .isInstanceOf(RejectedDeltaException.class);
    assertThat(b.replica(ctx).rootHash()).isEqualTo(root);
  }

  @Test
  void storedEnvelopesAreCiphertext() {
    a.call(ctx, "set", "{\"key\":\"plain-key-123\",\"value\":\"plain-value-456\"}");
    byte[] stored = a.replica(ctx).envelope(a.replica(ctx).heads().get(0)).orElseThrow();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1))
        .doesNotContain("plain-key-123")
        .doesNotContain("plain-value-456");
    assertThat(stored).isEqualTo(last(a.sent()));
    assertThat(ContextKeys.sealedWith(stored)).isNotNull();
  }

  @Test
  void expiredReusedRevokedForgedAndMisdirectedInvitationsAreRefusedWithTheirReason() {
    Node d = node("d", Clock.systemUTC());
    d.contexts().setJoiner(Joiners.direct(a.contexts()));
    String used =
        a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    Node e = node("e", Clock.systemUTC());
    e.contexts().setJoiner(Joiners.direct(a.contexts()));
    e.contexts().join(used);
    assertThat(refusal(() -> d.contexts().join(used)))
        .isEqualTo(InvitationRefusedException.Reason.REUSED);

    String revoked =
        a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    a.contexts().revokeInvitation(ctx, revoked);
    assertThat(refusal(() -> d.contexts().join(revoked)))
        .isEqualTo(InvitationRefusedException.Reason.REVOKED);

    String shortLived =
        a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofSeconds(1), Optional.empty());
    Node late = node("late", Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC));
    late.contexts().setJoiner(Joiners.direct(a.contexts()));
    assertThat(refusal(() -> late.contexts().join(shortLived)))
        .as("checked by the joiner")
        .isEqualTo(InvitationRefusedException.Reason.EXPIRED);
    Node early = node("early", Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
    early.contexts().setJoiner(Joiners.direct(a.contexts()));
    String expired =
        a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofMillis(1), Optional.empty());
    assertThat(refusal(() -> early.contexts().join(expired)))
        .as("checked by the member, whatever the joiner's clock")
        .isEqualTo(InvitationRefusedException.Reason.EXPIRED);

    IssuedInvitation issued =
        IssuedInvitation.parse(
            a.contexts().invite(ctx, MemberRole.ADMIN, Duration.ofHours(1), Optional.empty()));
    byte[] bytes = issued.invitation().encode();
    bytes[bytes.length - 1] ^= 1;
    String forged =
        new IssuedInvitation(
                dev.mero4j.membership.Invitation.decode(bytes), issued.secret(), issued.hints())
            .toText();
    assertThat(refusal(() -> d.contexts().join(forged)))
        .isEqualTo(InvitationRefusedException.Reason.FORGED);
    String wrongSecret =
        new IssuedInvitation(issued.invitation(), Optional.of(new byte[16]), issued.hints())
            .toText();
    assertThat(refusal(() -> d.contexts().join(wrongSecret)))
        .isEqualTo(InvitationRefusedException.Reason.MISMATCH);
    assertThat(refusal(() -> d.contexts().join("not an invitation")))
        .isEqualTo(InvitationRefusedException.Reason.MALFORMED);

    assertThat(d.contexts().contextIds()).isEmpty();
    assertThat(a.contexts().members(ctx)).hasSize(4);
    String fine =
        a.contexts().invite(ctx, MemberRole.READ_ONLY, Duration.ofHours(1), Optional.empty());
    assertThat(d.contexts().join(fine).contextId()).isEqualTo(ctx);
    assertThat(d.contexts().members(ctx))
        .filteredOn(MemberInfo::local)
        .singleElement()
        .satisfies(m -> assertThat(m.role()).isEqualTo(MemberRole.READ_ONLY));
  }

  private static InvitationRefusedException.Reason refusal(Runnable join) {
    try {
      join.run();
    } catch (InvitationRefusedException e) {
      return e.reason();
    }
    throw new AssertionError("the invitation was accepted");
  }

  private ContextMembership membership(Node node) {
    return ((ReplicaSide) node.replica(ctx)).context().membership(g -> g.membership());
  }

  /**
   * The delta of {@code sealed}, re-signed by {@code node} at its current governance position and
   * sealed.
   */
  private byte[] rewrap(Node node, byte[] sealed, ContextReplica replica) {
    return membership(node).seal(PayloadKind.DELTA_ENVELOPE, rewrapInner(node, sealed, replica));
  }

  private byte[] rewrapInner(Node node, byte[] sealed, ContextReplica replica) {
    ContextMembership m = membership(node);
    DeltaEnvelope original = DeltaEnvelope.decode(m.open(PayloadKind.DELTA_ENVELOPE, sealed), ctx);
    return new DeltaEnvelope(ctx, original.delta(), original.events(), m.position())
        .encode(m.self().signingKey());
  }

  /**
   * An attacker's seal under a key it still holds (the context's old key), bypassing the
   * current-key rule.
   */
  private static byte[] sealUnder(ContextMembership membership, KeyId key, byte[] payload)
      throws Exception {
    Field keys = ContextMembership.class.getDeclaredField("keys");
    keys.setAccessible(true);
    return ((ContextKeys) keys.get(membership)).seal(key, PayloadKind.DELTA_ENVELOPE, payload);
  }
}
