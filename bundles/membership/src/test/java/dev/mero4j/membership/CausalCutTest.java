package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CausalCutTest {
  private static final byte[] WRITE = "set a=1".getBytes(StandardCharsets.UTF_8);

  private final Group group = new Group();
  private final MemberIdentity bob = Fixtures.identity(200);
  private final MemberIdentity carol = Fixtures.identity(300);

  @Test
  void aWriteAuthoredBeforeARemovalStaysValidWhenReceivedAfterIt() {
    ContextMembership bobView = group.join(bob, Role.MEMBER);
    GovernancePosition beforeRemoval = bobView.position();
    byte[] sealedBeforeRemoval = bobView.seal(PayloadKind.DELTA_ENVELOPE, WRITE);

    group.adminView.removeMember(bob.publicKey());

    group.adminView.log().authorizeWrite(bob.publicKey(), beforeRemoval);
    assertThat(group.adminView.open(PayloadKind.DELTA_ENVELOPE, sealedBeforeRemoval))
        .isEqualTo(WRITE);
  }

  @Test
  void aWriteByARemovedMemberAfterItsRemovalIsRefused() {
    group.join(bob, Role.MEMBER);
    group.adminView.removeMember(bob.publicKey());
    GovernancePosition afterRemoval = group.adminView.position();
    assertThatThrownBy(() -> group.adminView.log().authorizeWrite(bob.publicKey(), afterRemoval))
        .isInstanceOf(NotAMemberException.class);
  }

  @Test
  void aRemovedMemberCannotOpenWhatIsSealedAfterItsRemoval() {
    ContextMembership bobView = group.join(bob, Role.MEMBER);
    ContextMembership carolView = group.join(carol, Role.MEMBER);
    SignedGovernanceOp removal = group.adminView.removeMember(bob.publicKey());
    carolView.receive(removal);
    group.adminView.log().ops().forEach(bobView::receive);
    assertThat(bobView.state().isMember(bob.publicKey())).isFalse();

    byte[] sealedAfter = carolView.seal(PayloadKind.DELTA_ENVELOPE, WRITE);
    assertThat(group.adminView.open(PayloadKind.DELTA_ENVELOPE, sealedAfter)).isEqualTo(WRITE);
    assertThatThrownBy(() -> bobView.open(PayloadKind.DELTA_ENVELOPE, sealedAfter))
        .isInstanceOf(KeyUnavailableException.class);
    assertThat(bobView.holdsCurrentKey()).isFalse();
    assertThatThrownBy(() -> group.adminView.keysFor(bob.publicKey()))
        .isInstanceOf(NotAMemberException.class);
  }

  @Test
  void readOnlyMembersAndStrangersCannotWrite() {
    group.join(bob, Role.READ_ONLY);
    GovernancePosition now = group.adminView.position();
    assertThatThrownBy(() -> group.adminView.log().authorizeWrite(bob.publicKey(), now))
        .isInstanceOf(ReadOnlyMemberException.class);
    assertThatThrownBy(() -> group.adminView.log().authorizeWrite(carol.publicKey(), now))
        .isInstanceOf(NotAMemberException.class);
    assertThat(group.adminView.log().rejectedCount()).isEqualTo(2);
  }

  @Test
  void aPositionNamingAnUnknownOpIsNotJudgedYet() {
    GovernancePosition future =
        GovernancePosition.of(List.of(GovernanceOpId.of(Hash.sha256(WRITE).toBytes())));
    assertThatThrownBy(() -> group.adminView.log().authorizeWrite(group.admin.publicKey(), future))
        .isInstanceOf(UnknownGovernanceOpException.class);
  }

  @Test
  void forgedAndUnauthorisedOpsAreRejectedAndLeaveTheStateUnchanged() {
    ContextMembership bobView = group.join(bob, Role.MEMBER);
    Hash before = group.adminView.state().digest();

    SignedGovernanceOp byMember =
        SignedGovernanceOp.sign(
            bobView.context(),
            bobView.log().heads(),
            bob,
            new MemberAdded(carol.publicKey(), carol.agreementKey(), Role.ADMIN, Optional.empty()));
    assertThatThrownBy(() -> group.adminView.receive(byMember))
        .isInstanceOf(UnauthorizedOperationException.class);

    byte[] tampered = byMember.encode();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> group.adminView.receive(SignedGovernanceOp.decode(tampered)))
        .isInstanceOf(ForgedOperationException.class);

    SignedGovernanceOp secondGenesis =
        SignedGovernanceOp.sign(
            bobView.context(),
            List.of(),
            bob,
            new GovernanceOp.ContextCreated(
                Fixtures.APP, Fixtures.NONCE, bob.agreementKey(), KeyId.of(new byte[32])));
    assertThatThrownBy(() -> group.adminView.receive(secondGenesis))
        .isInstanceOf(ForgedOperationException.class);

    assertThat(group.adminView.state().digest()).isEqualTo(before);
    assertThat(group.adminView.log().rejectedCount()).isEqualTo(3);
  }

  @Test
  void theLastAdminCannotBeRemovedOrDemoted() {
    assertThatThrownBy(() -> group.adminView.setRole(group.admin.publicKey(), Role.MEMBER))
        .isInstanceOf(UnauthorizedOperationException.class);
    assertThatThrownBy(() -> group.adminView.removeMember(group.admin.publicKey()))
        .isInstanceOf(UnauthorizedOperationException.class);
  }

  @Test
  void twoLastAdminsRemovingEachOtherConcurrentlyLeaveTheSeniorOne() {
    MemberIdentity second = Fixtures.identity(500);
    ContextMembership secondView = group.join(second, Role.ADMIN);
    SignedGovernanceOp first = group.adminView.removeMember(second.publicKey());
    SignedGovernanceOp other = secondView.removeMember(group.admin.publicKey());
    group.adminView.receive(other);
    secondView.receive(first);
    assertThat(group.adminView.state().digest()).isEqualTo(secondView.state().digest());
    assertThat(group.adminView.state().adminCount()).isEqualTo(1);
    assertThat(secondView.state().isAdmin(group.admin.publicKey())).isTrue();
    assertThat(secondView.state().isVoid(other.id())).isTrue();
    assertThat(group.adminView.state().rotationNeeded()).isFalse();
    assertThat(group.adminView.seal(PayloadKind.DELTA_ENVELOPE, WRITE)).isNotEmpty();
    assertThatThrownBy(() -> secondView.seal(PayloadKind.DELTA_ENVELOPE, WRITE))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void theLogAndKeyRingSurviveAReopen() {
    ContextMembership bobView = group.join(bob, Role.MEMBER);
    group.adminView.removeMember(bob.publicKey());
    byte[] sealed = group.adminView.seal(PayloadKind.GOVERNANCE_OP, WRITE);
    ContextMembership reopened =
        ContextMembership.open(
            group.adminView.context(),
            group.admin,
            group.adminStorage,
            Fixtures.CLOCK,
            Fixtures.random(7));
    assertThat(reopened.log().heads()).isEqualTo(group.adminView.log().heads());
    assertThat(reopened.state().digest()).isEqualTo(group.adminView.state().digest());
    assertThat(reopened.open(PayloadKind.GOVERNANCE_OP, sealed)).isEqualTo(WRITE);
    assertThat(reopened.state().keys()).hasSize(2);
    assertThat(bobView.state().isMember(bob.publicKey())).isTrue();
  }
}
