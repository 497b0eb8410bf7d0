package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.Redemption;
import dev.mero4j.primitives.GovernanceOpId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "replaying invitations" adversary: a member reads every redemption the log replicates and
 * tries to spend the invitation again, concurrently and at its role (docs/security.md, 16.2).
 */
class InvitationReplayTest {
  private final Group group = new Group();
  private final MemberIdentity bob = Fixtures.identity(200);
  private final MemberIdentity carol = Fixtures.identity(300);
  private final MemberIdentity dave = Fixtures.identity(400);

  @Test
  void theBearerSecretNeverAppearsInReplicatedOps() {
    IssuedInvitation issued =
        group.adminView.invite(Role.ADMIN, Duration.ofHours(1), Optional.empty());
    assertThat(group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION)))
        .isInstanceOf(JoinResponse.Accepted.class);
    byte[] secret = issued.secret().orElseThrow();
    for (SignedGovernanceOp op : group.adminView.log().ops()) {
      assertThat(indexOf(op.encode(), secret)).as("secret inside %s", op).isEqualTo(-1);
    }
  }

  @Test
  void concurrentRedemptionsOfOneInvitationAdmitOneJoinerOnEveryReplica() {
    ContextMembership bobView = group.join(bob, Role.ADMIN);
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION));
    bobView.accept(JoinRequest.create(issued, dave, Fixtures.SESSION));
    group.adminView.log().ops().forEach(bobView::receive);
    bobView.log().ops().forEach(group.adminView::receive);

    assertThat(bobView.state().digest()).isEqualTo(group.adminView.state().digest());
    assertThat(
            Stream.of(carol, dave)
                .filter(m -> group.adminView.state().isMember(m.publicKey()))
                .count())
        .as("one invitation admits one joiner, the same on every replica")
        .isEqualTo(1);
    assertThat(group.adminView.state().rotationNeeded())
        .as("the losing joiner was handed the key ring, so the next writer must rotate")
        .isTrue();
    assertThat(bobView.state().rotationNeeded()).isTrue();
  }

  @Test
  void aMemberCannotSpendAReplicatedRedemptionOnAnotherKeyOrAfterExpiry() {
    ContextMembership bobView = group.join(bob, Role.ADMIN);
    IssuedInvitation issued =
        group.adminView.invite(Role.ADMIN, Duration.ofHours(1), Optional.empty());
    List<GovernanceOpId> before = List.copyOf(group.adminView.log().heads());
    group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION));
    group.adminView.log().ops().forEach(bobView::receive);
    Redemption seen = redemptionOf(carol, group.adminView);

    MemberIdentity puppet = Fixtures.identity(500);
    SignedGovernanceOp replayed =
        SignedGovernanceOp.sign(
            group.adminView.context(),
            before,
            bob,
            new MemberAdded(
                puppet.publicKey(), puppet.agreementKey(), Role.ADMIN, Optional.of(seen)));
    assertThatThrownBy(() -> group.adminView.receive(replayed))
        .as("a concurrent replay for the member's puppet")
        .isInstanceOf(InvalidInvitationException.class);

    IssuedInvitation shortLived =
        group.adminView.invite(Role.MEMBER, Duration.ofMinutes(5), Optional.empty());
    JoinRequest late = JoinRequest.create(shortLived, dave, Fixtures.SESSION);
    SignedGovernanceOp afterExpiry =
        SignedGovernanceOp.sign(
            bobView.context(),
            bobView.log().heads(),
            bob,
            new MemberAdded(
                dave.publicKey(),
                dave.agreementKey(),
                Role.MEMBER,
                Optional.of(
                    new Redemption(
                        shortLived.invitation(),
                        late.joinerSignature(),
                        late.redemptionProof(),
                        shortLived.invitation().expiresAt()))));
    assertThatThrownBy(() -> group.adminView.receive(afterExpiry))
        .as("an admission signed at or after the expiry, received from a peer")
        .isInstanceOf(InvitationExpiredException.class);
    assertThat(group.adminView.state().isMember(puppet.publicKey())).isFalse();
    assertThat(group.adminView.state().isMember(dave.publicKey())).isFalse();
  }

  @Test
  void aRetryByTheAdmittedKeyGetsTheSameAnswerAndAnotherKeyIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    assertThat(group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION)))
        .isInstanceOf(JoinResponse.Accepted.class);
    int ops = group.adminView.log().ops().size();
    byte[] otherSession = Fixtures.random(7).generateSeed(JoinRequest.SESSION_BYTES);
    assertThat(group.adminView.accept(JoinRequest.create(issued, carol, otherSession)))
        .isInstanceOf(JoinResponse.Accepted.class);
    assertThat(group.adminView.log().ops()).as("no second admission").hasSize(ops);
    assertThat(group.adminView.accept(JoinRequest.create(issued, dave, otherSession)))
        .isInstanceOfSatisfying(
            JoinResponse.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(InvalidInvitationException.Reason.REUSED));
  }

  private static Redemption redemptionOf(MemberIdentity member, ContextMembership view) {
    return view.log().ops().stream()
        .map(SignedGovernanceOp::op)
        .filter(op -> op instanceof MemberAdded a && a.member().equals(member.publicKey()))
        .map(op -> ((MemberAdded) op).redemption().orElseThrow())
        .findFirst()
        .orElseThrow();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
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
