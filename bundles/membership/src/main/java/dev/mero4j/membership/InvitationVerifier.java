package dev.mero4j.membership;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a join request may redeem its invitation, refusing with the subtype of {@link
 * InvalidInvitationException} named for the culprit. Single use is kept twice: in the replicated
 * governance state (redeemed invitations) and in a persisted local used-set, which also covers a
 * redemption whose MemberAdded has not reached this node's state yet.
 */
public final class InvitationVerifier {
  private final Clock clock;
  private final Keyspace keyspace;

  public InvitationVerifier(Clock clock, StorageEngine storage) {
    this.clock = clock;
    this.keyspace = storage.keyspace(GovernanceLog.KEYSPACE);
  }

  /**
   * Checks {@code request} for {@code context} against {@code state} (this node's heads) and the
   * clock.
   */
  public void verify(ContextId context, JoinRequest request, GovernanceState state) {
    Invitation invitation = request.invitation();
    if (!invitation.verifySignature()) {
      throw new InvitationForgedException(
          "invitation " + invitation.id() + " does not carry its inviter's signature");
    }
    if (!clock.instant().isBefore(invitation.expiresAt())) {
      throw new InvitationExpiredException(
          "invitation " + invitation.id() + " expired at " + invitation.expiresAt());
    }
    if (isUsed(context, invitation.id())) {
      throw new InvitationReusedException(
          "invitation " + invitation.id() + " was already redeemed");
    }
    checkRedemption(
        context,
        invitation,
        request.secret(),
        request.member(),
        request.agreementKey(),
        request.signature(),
        state);
  }

  /**
   * Records {@code invitation} as redeemed on this node; call in the batch that admits the joiner.
   */
  public void markUsed(ContextId context, InvitationId invitation) {
    keyspace.put(usedKey(context, invitation), new byte[0]);
  }

  public boolean isUsed(ContextId context, InvitationId invitation) {
    return keyspace.get(usedKey(context, invitation)).isPresent();
  }

  /**
   * The deterministic part, checked by every replica on a redeeming MemberAdded in the state at its
   * parents: signatures, context, revocation, single use, the inviter's role and the binding.
   */
  static void checkRedemption(
      ContextId context,
      Invitation invitation,
      byte[] secret,
      PublicKey member,
      AgreementKey agreementKey,
      Signature joinerSignature,
      GovernanceState state) {
    if (!invitation.verifySignature()) {
      throw new InvitationForgedException(
          "invitation " + invitation.id() + " does not carry its inviter's signature");
    }
    if (!invitation.context().equals(context)) {
      throw new InvitationMismatchException(
          "invitation is for context " + invitation.context() + ", not " + context);
    }
    if (state.isRevoked(invitation.id())) {
      throw new InvitationRevokedException("invitation " + invitation.id() + " was revoked");
    }
    if (state.isRedeemed(invitation.id())) {
      throw new InvitationReusedException(
          "invitation " + invitation.id() + " was already redeemed");
    }
    if (!state.isAdmin(invitation.inviter())) {
      throw new InvalidInvitationException(
          InvalidInvitationException.Reason.INVITER_NOT_ADMIN,
          "inviter " + invitation.inviter() + " is not an admin of " + context);
    }
    Optional<PublicKey> invitee = invitation.invitee();
    if (invitee.isPresent() && !invitee.get().equals(member)) {
      throw new InvitationMismatchException(
          "invitation " + invitation.id() + " is bound to another invitee");
    }
    if (invitation.secretHash().isPresent()
        && !MessageDigest.isEqual(
            invitation.secretHash().get().toBytes(), Invitation.secretHash(secret).toBytes())) {
      throw new InvitationMismatchException("wrong secret for invitation " + invitation.id());
    }
    if (!member.verify(
        JoinRequest.signable(invitation.id(), member, agreementKey, secret), joinerSignature)) {
      throw new InvitationForgedException(
          "join request for " + invitation.id() + " not signed by its member key");
    }
  }

  private static byte[] usedKey(ContextId context, InvitationId invitation) {
    return GovernanceLog.key(context, GovernanceLog.USED, invitation.toBytes());
  }
}
