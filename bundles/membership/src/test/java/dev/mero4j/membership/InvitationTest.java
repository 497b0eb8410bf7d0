package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.InvalidInvitationException.Reason;
import dev.mero4j.primitives.ContextId;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvitationTest {
  private final Group group = new Group();
  private final MemberIdentity bob = Fixtures.identity(200);
  private final MemberIdentity carol = Fixtures.identity(300);

  private JoinResponse.Refused refused(JoinResponse response) {
    assertThat(response).isInstanceOf(JoinResponse.Refused.class);
    return (JoinResponse.Refused) response;
  }

  @Test
  void aJoinerGetsTheLogAndTheKeysAndReadsWhatMembersSeal() {
    ContextMembership bobView = group.join(bob, Role.MEMBER);
    byte[] sealed = group.adminView.seal(PayloadKind.DELTA_ENVELOPE, new byte[] {1, 2, 3});
    assertThat(bobView.open(PayloadKind.DELTA_ENVELOPE, sealed)).containsExactly(1, 2, 3);
    assertThat(bobView.state().digest()).isEqualTo(group.adminView.state().digest());
    assertThat(bobView.state().roleOf(bob.publicKey())).contains(Role.MEMBER);
  }

  @Test
  void theTextFormRoundTrips() {
    IssuedInvitation issued =
        group.adminView.invite(Role.READ_ONLY, Duration.ofHours(1), Optional.empty());
    String text = issued.withHints(Fixtures.HINTS).toText();
    assertThat(text).matches("[1-9A-HJ-NP-Za-km-z]+").hasSizeLessThan(600);
    assertThat(IssuedInvitation.parse(text)).isEqualTo(issued.withHints(Fixtures.HINTS));
  }

  @Test
  void aForgedInvitationIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.ADMIN, Duration.ofHours(1), Optional.empty());
    byte[] bytes = issued.invitation().encode();
    bytes[bytes.length - 1] ^= 1;
    IssuedInvitation forged = new IssuedInvitation(Invitation.decode(bytes), issued.secret());
    assertThat(
            refused(group.adminView.accept(JoinRequest.create(forged, bob, Fixtures.SESSION)))
                .toException())
        .isInstanceOf(InvitationForgedException.class);
  }

  @Test
  void anInvitationSignedByANonAdminIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.ADMIN, Duration.ofHours(1), Optional.empty());
    Invitation selfMade =
        Invitation.issue(
            carol,
            group.adminView.context(),
            Fixtures.APP,
            Role.ADMIN,
            Fixtures.NOW.plusSeconds(60),
            Optional.empty(),
            issued.secret(),
            new byte[16]);
    assertThat(
            refused(
                    group.adminView.accept(
                        JoinRequest.create(
                            new IssuedInvitation(selfMade, issued.secret()),
                            carol,
                            Fixtures.SESSION)))
                .reason())
        .isEqualTo(Reason.INVITER_NOT_ADMIN);
  }

  @Test
  void anExpiredInvitationIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofMinutes(5), Optional.empty());
    InvitationVerifier later =
        new InvitationVerifier(
            Clock.fixed(Fixtures.NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC),
            Fixtures.storage());
    assertThatThrownBy(
            () ->
                later.verify(
                    group.adminView.context(),
                    JoinRequest.create(issued, bob, Fixtures.SESSION),
                    group.adminView.state()))
        .isInstanceOf(InvitationExpiredException.class);
  }

  @Test
  void aReusedInvitationIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    assertThat(group.adminView.accept(JoinRequest.create(issued, bob, Fixtures.SESSION)))
        .isInstanceOf(JoinResponse.Accepted.class);
    assertThat(
            refused(group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION)))
                .toException())
        .isInstanceOf(InvitationReusedException.class);
  }

  @Test
  void aRedemptionReplicatedToAnotherMemberCountsThereToo() {
    ContextMembership bobView = group.join(bob, Role.ADMIN);
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    group.adminView.accept(JoinRequest.create(issued, carol, Fixtures.SESSION));
    group.adminView.log().ops().forEach(bobView::receive);
    MemberIdentity dave = Fixtures.identity(400);
    assertThat(refused(bobView.accept(JoinRequest.create(issued, dave, Fixtures.SESSION))).reason())
        .isEqualTo(Reason.REUSED);
  }

  @Test
  void aRevokedInvitationIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    group.adminView.revoke(issued.invitation().id());
    assertThat(
            refused(group.adminView.accept(JoinRequest.create(issued, bob, Fixtures.SESSION)))
                .toException())
        .isInstanceOf(InvitationRevokedException.class);
  }

  @Test
  void anInvitationBoundToAKeyOrSecretAdmitsNobodyElse() {
    IssuedInvitation forBob =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.of(bob.publicKey()));
    assertThat(
            refused(group.adminView.accept(JoinRequest.create(forBob, carol, Fixtures.SESSION)))
                .reason())
        .isEqualTo(Reason.MISMATCH);
    assertThat(group.adminView.accept(JoinRequest.create(forBob, bob, Fixtures.SESSION)))
        .isInstanceOf(JoinResponse.Accepted.class);

    IssuedInvitation withSecret =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    IssuedInvitation guessed =
        new IssuedInvitation(withSecret.invitation(), Optional.of(new byte[16]));
    assertThat(
            refused(group.adminView.accept(JoinRequest.create(guessed, carol, Fixtures.SESSION)))
                .reason())
        .isEqualTo(Reason.MISMATCH);
  }

  @Test
  void anInvitationForAnotherContextIsRefused() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    ContextId other = ContextId.of(new byte[32]);
    assertThatThrownBy(
            () ->
                new InvitationVerifier(Fixtures.CLOCK, Fixtures.storage())
                    .verify(
                        other,
                        JoinRequest.create(issued, bob, Fixtures.SESSION),
                        group.adminView.state()))
        .isInstanceOf(InvitationMismatchException.class);
  }

  @Test
  void refusalsAndRequestsSurviveTheWire() {
    IssuedInvitation issued =
        group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
    JoinRequest request = JoinRequest.create(issued, bob, Fixtures.SESSION);
    assertThat(JoinRequest.decode(request.encode())).isEqualTo(request);
    group.adminView.revoke(issued.invitation().id());
    JoinResponse response = group.adminView.accept(JoinRequest.decode(request.encode()));
    assertThat(refused(JoinResponse.decode(response.encode(), bob.publicKey())).toException())
        .isInstanceOf(InvitationRevokedException.class);
  }
}
