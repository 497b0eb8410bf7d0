package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A removed or demoted admin's backdated ops are void on every replica, with what they added. */
class GovernanceResolutionTest {
  private final Group group = new Group();
  private final MemberIdentity mallory = Fixtures.identity(600);
  private final MemberIdentity puppet = Fixtures.identity(601);
  private final MemberIdentity carol = Fixtures.identity(602);
  private final MemberIdentity dave = Fixtures.identity(603);

  @Test
  void aBackdatedPuppetAddByARemovedAdminIsVoidAndGetsNoKey() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    SignedGovernanceOp removal = group.adminView.removeMember(mallory.publicKey());
    // Mallory ignores its removal and signs on its stale heads: the op is dated before the removal.
    SignedGovernanceOp puppetAdd =
        malloryView.addMember(puppet.publicKey(), puppet.agreementKey(), Role.ADMIN);
    assertThat(puppetAdd.parents()).doesNotContain(removal.id());

    assertThat(group.adminView.receive(puppetAdd).status()).isEqualTo(ApplyOutcome.Status.APPLIED);

    GovernanceState state = group.adminView.state();
    assertThat(state.isVoid(puppetAdd.id())).isTrue();
    assertThat(state.isMember(puppet.publicKey())).isFalse();
    assertThat(state.isMember(mallory.publicKey())).isFalse();
    assertThatThrownBy(() -> group.adminView.keysFor(puppet.publicKey()))
        .isInstanceOf(NotAMemberException.class);
    SignedGovernanceOp rotation = group.adminView.rotateKey();
    assertThat(((GovernanceOp.KeyRotated) rotation.op()).rotation().wrapped())
        .noneMatch(w -> w.recipient().equals(puppet.publicKey()));
  }

  @Test
  void theKeyOfAVoidRemovalReachesTheMemberItTriedToRemove() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    ContextMembership carolView = group.join(carol, Role.MEMBER);
    malloryView.receive(group.adminView.log().ops().get(group.adminView.log().ops().size() - 1));
    SignedGovernanceOp removal = group.adminView.removeMember(mallory.publicKey());
    // On its stale heads Mallory removes Carol (a new key Carol is not given) and seals under it:
    // a write every replica accepts at its position, before Mallory's removal.
    SignedGovernanceOp backdated = malloryView.removeMember(carol.publicKey());
    byte[] sealed = malloryView.seal(PayloadKind.DELTA_ENVELOPE, new byte[] {7});
    for (ContextMembership honest : List.of(group.adminView, carolView)) {
      honest.receive(removal);
      honest.receive(backdated);
      assertThat(honest.state().isVoid(backdated.id())).isTrue();
    }
    assertThatThrownBy(() -> carolView.open(PayloadKind.DELTA_ENVELOPE, sealed))
        .isInstanceOf(KeyUnavailableException.class);

    carolView.acceptKeys(group.adminView.keysFor(carol.publicKey()));

    assertThat(carolView.open(PayloadKind.DELTA_ENVELOPE, sealed)).containsExactly(7);
  }

  @Test
  void whatThePuppetSignsIsVoidToo() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    ContextMembership carolView = group.join(carol, Role.ADMIN);
    malloryView.receive(group.adminView.log().ops().get(group.adminView.log().ops().size() - 1));
    SignedGovernanceOp removal = group.adminView.removeMember(mallory.publicKey());
    carolView.receive(removal);
    SignedGovernanceOp puppetAdd =
        malloryView.addMember(puppet.publicKey(), puppet.agreementKey(), Role.ADMIN);
    SignedGovernanceOp demoteCarol =
        SignedGovernanceOp.sign(
            group.adminView.context(),
            List.of(puppetAdd.id()),
            puppet,
            new RoleSet(carol.publicKey(), Role.READ_ONLY));
    SignedGovernanceOp addDave =
        SignedGovernanceOp.sign(
            group.adminView.context(),
            List.of(demoteCarol.id()),
            puppet,
            new MemberAdded(dave.publicKey(), dave.agreementKey(), Role.ADMIN, Optional.empty()));

    for (ContextMembership honest : List.of(group.adminView, carolView)) {
      honest.receive(addDave);
      honest.receive(demoteCarol);
      honest.receive(puppetAdd);
      GovernanceState state = honest.state();
      assertThat(state.voided()).contains(puppetAdd.id(), demoteCarol.id(), addDave.id());
      assertThat(state.isAdmin(carol.publicKey())).isTrue();
      assertThat(state.isMember(dave.publicKey())).isFalse();
      assertThat(state.isMember(puppet.publicKey())).isFalse();
    }
    assertThat(carolView.state().digest()).isEqualTo(group.adminView.state().digest());
  }

  @Test
  void aDemotedAdminsBackdatedAdminOpsAreVoidButItsWritesStand() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    group.adminView.setRole(mallory.publicKey(), Role.MEMBER);
    SignedGovernanceOp puppetAdd =
        malloryView.addMember(puppet.publicKey(), puppet.agreementKey(), Role.MEMBER);
    SignedGovernanceOp rotation = malloryView.rotateKey();
    group.adminView.receive(puppetAdd);
    group.adminView.receive(rotation);
    GovernanceState state = group.adminView.state();
    assertThat(state.isVoid(puppetAdd.id())).isTrue();
    assertThat(state.isVoid(rotation.id())).isFalse();
    assertThat(state.roleOf(mallory.publicKey())).contains(Role.MEMBER);
  }

  @Test
  void aRemovedAdminCannotRemoveAThirdMemberConcurrently() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    group.join(carol, Role.MEMBER);
    malloryView.receive(group.adminView.log().ops().get(group.adminView.log().ops().size() - 1));
    group.adminView.removeMember(mallory.publicKey());
    SignedGovernanceOp removeCarol = malloryView.removeMember(carol.publicKey());
    group.adminView.receive(removeCarol);
    assertThat(group.adminView.state().isVoid(removeCarol.id())).isTrue();
    assertThat(group.adminView.state().isMember(carol.publicKey())).isTrue();
  }

  @Test
  void concurrentMutualRemovalRemovesBothUnlessTheyAreTheLastAdmins() {
    ContextMembership malloryView = group.join(mallory, Role.ADMIN);
    ContextMembership carolView = group.join(carol, Role.ADMIN);
    malloryView.receive(group.adminView.log().ops().get(group.adminView.log().ops().size() - 1));
    SignedGovernanceOp carolRemovesMallory = carolView.removeMember(mallory.publicKey());
    SignedGovernanceOp malloryRemovesCarol = malloryView.removeMember(carol.publicKey());
    for (List<SignedGovernanceOp> delivery :
        List.of(
            List.of(carolRemovesMallory, malloryRemovesCarol),
            List.of(malloryRemovesCarol, carolRemovesMallory))) {
      GovernanceLog replica = GovernanceLog.open(group.adminView.context(), Fixtures.storage());
      group.adminView.log().ops().forEach(replica::add);
      delivery.forEach(replica::add);
      GovernanceState state = replica.state();
      assertThat(state.isMember(mallory.publicKey())).isFalse();
      assertThat(state.isMember(carol.publicKey())).isFalse();
      assertThat(state.isAdmin(group.admin.publicKey())).isTrue();
      assertThat(state.voided()).isEmpty();
    }
  }

  @Test
  void theLastTwoAdminsRemovingEachOtherLeaveTheSeniorOneWhateverTheIds() {
    for (int attempt = 0; attempt < 4; attempt++) {
      // A fresh junior admin each time: whichever op id is lower, the creator keeps its role.
      MemberIdentity junior = Fixtures.identity(700 + attempt);
      ContextMembership juniorView = group.join(junior, Role.ADMIN);
      SignedGovernanceOp creatorRemoves = group.adminView.removeMember(junior.publicKey());
      SignedGovernanceOp juniorRemoves = juniorView.removeMember(group.admin.publicKey());
      for (List<SignedGovernanceOp> delivery :
          List.of(List.of(creatorRemoves, juniorRemoves), List.of(juniorRemoves, creatorRemoves))) {
        GovernanceLog replica = GovernanceLog.open(group.adminView.context(), Fixtures.storage());
        juniorView.log().ops().forEach(replica::add);
        delivery.forEach(replica::add);
        GovernanceState state = replica.state();
        assertThat(state.isAdmin(group.admin.publicKey())).isTrue();
        assertThat(state.isMember(junior.publicKey())).isFalse();
        assertThat(state.isVoid(juniorRemoves.id())).isTrue();
        assertThat(state.digest()).isEqualTo(group.adminView.state().digest());
      }
    }
  }
}
