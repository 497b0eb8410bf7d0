package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.Redemption;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a join request may redeem its invitation, refusing with the subtype of {@link
 * InvalidInvitationException} named for the culprit. Single use is kept twice: in the replicated
 * governance state (the redeemer of each invitation, first in the resolved order) and in a
 * persisted local used-set naming the key that redeemed it here, which also covers a redemption
 * whose MemberAdded has not reached this node's state yet.
 */
public final class InvitationVerifier {
  private final Clock clock;
  private final Keyspace keyspace;

  public InvitationVerifier(Clock clock, StorageEngine storage) {
    this.clock = clock;
    this.keyspace = storage.keyspace(GovernanceLog.KEYSPACE);
  }

  /**
   * Checks {@code request} for {@code context} against {@code state} (this node's heads), the clock
   * and its session proof.
   */
  public void verify(ContextId context, JoinRequest request, GovernanceState state) {
    Invitation invitation = request.invitation();
    if (!invitation.verifySignature()) {
      throw new InvitationForgedException(
          "invitation " + invitation.id() + " does not carry its inviter's signature");
    }
    Optional<PublicKey> used = usedBy(context, invitation.id());
    if (used.isPresent() && !used.get().equals(request.member())) {
      throw new InvitationReusedException(
          "invitation " + invitation.id() + " was already redeemed");
    }
    checkRedemption(
        context,
        invitation,
        request.member(),
        request.agreementKey(),
        new Redemption(
            invitation, request.joinerSignature(), request.redemptionProof(), clock.instant()),
        state);
    if (!request.verifySessionProof()) {
      throw new InvitationForgedException(
          "join request for " + invitation.id() + " does not prove the invitation in this session");
    }
  }

  /**
   * Records {@code invitation} as redeemed by {@code member} on this node; call in the batch that
   * admits the joiner.
   */
  public void markUsed(ContextId context, InvitationId invitation, PublicKey member) {
    keyspace.put(usedKey(context, invitation), member.toBytes());
  }

  public boolean isUsed(ContextId context, InvitationId invitation) {
    return keyspace.get(usedKey(context, invitation)).isPresent();
  }

  /** The key that redeemed {@code invitation} on this node (empty for a pre-2 record). */
  Optional<PublicKey> usedBy(ContextId context, InvitationId invitation) {
    return keyspace
        .get(usedKey(context, invitation))
        .filter(bytes -> bytes.length == 32)
        .map(PublicKey::of);
  }

  /**
   * The deterministic part, checked by every replica on a redeeming MemberAdded in the state at its
   * parents: signatures, context, revocation, single use, the inviter's role, the binding, the
   * invitation key's proof, and the admitting member's signed time against the expiry.
   */
  static void checkRedemption(
      ContextId context,
      Invitation invitation,
      PublicKey member,
      AgreementKey agreementKey,
      Redemption redemption,
      GovernanceState state) {
    if (!invitation.verifySignature()) {
      throw new InvitationForgedException(
          "invitation " + invitation.id() + " does not carry its inviter's signature");
    }
    if (!invitation.context().equals(context)) {
      throw new InvitationMismatchException(
          "invitation is for context " + invitation.context() + ", not " + context);
    }
    Instant admittedAt = redemption.admittedAt();
    if (!admittedAt.isBefore(invitation.expiresAt())) {
      throw new InvitationExpiredException(
          "invitation " + invitation.id() + " expired at " + invitation.expiresAt());
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
    if (!invitation
        .proofKey()
        .verify(
            JoinRequest.redemptionSignable(invitation, member, agreementKey), redemption.proof())) {
      throw new InvitationMismatchException(
          "the redemption of " + invitation.id() + " is not signed with its invitation key");
    }
    if (!member.verify(
        JoinRequest.joinerSignable(invitation, member, agreementKey),
        redemption.joinerSignature())) {
      throw new InvitationForgedException(
          "join request for " + invitation.id() + " not signed by its member key");
    }
  }

  private static byte[] usedKey(ContextId context, InvitationId invitation) {
    return GovernanceLog.key(context, GovernanceLog.USED, invitation.toBytes());
  }
}
