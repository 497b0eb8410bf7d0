package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.KeyRotated;
import dev.mero4j.membership.GovernanceOp.KeyRotation;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.Redemption;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may sign which governance op, judged in the state at the op's parents (the causal cut), so
 * the verdict is the same on every replica whatever the delivery order.
 *
 * <pre>
 *   ContextCreated     no parents, no genesis yet, context = SHA-256(application ‖ signer ‖ nonce)
 *   MemberAdded        signer admin; or signer a member redeeming an admin's valid invitation
 *   MemberRemoved      signer admin, target a member, not the last admin, new key wrapped to all others
 *   RoleSet            signer admin, target a member, not demoting the last admin
 *   KeyRotated         signer may write, new key wrapped to every member
 *   InvitationRevoked  signer admin
 * </pre>
 */
final class OpRules {
  private OpRules() {}

  static void authorize(ContextId context, SignedGovernanceOp signed, GovernanceState state) {
    if (!signed.context().equals(context)) {
      throw new ForgedOperationException(
          "op " + signed.id() + " belongs to context " + signed.context());
    }
    if (!signed.verifySignature()) {
      throw new ForgedOperationException(
          "op " + signed.id() + " does not carry its signer's signature");
    }
    GovernanceOp op = signed.op();
    PublicKey signer = signed.signer();
    if (op instanceof ContextCreated c) {
      Hash expected = Hash.sha256(c.application().toBytes(), signer.toBytes(), c.nonce());
      if (!signed.parents().isEmpty()
          || state.exists()
          || !expected.toHex().equals(context.toHex())) {
        throw new ForgedOperationException(
            "op " + signed.id() + " is not the genesis of " + context);
      }
      return;
    }
    if (signed.parents().isEmpty() || !state.exists()) {
      throw new ForgedOperationException(
          "op " + signed.id() + " has no genesis among its ancestors");
    }
    if (op instanceof MemberAdded a) {
      authorizeAdd(context, signer, a, state);
    } else if (op instanceof MemberRemoved r) {
      requireAdmin(signer, state, signed);
      requireTargetMember(r.member(), state);
      if (state.isAdmin(r.member()) && state.adminCount() == 1) {
        throw new UnauthorizedOperationException("cannot remove the last admin " + r.member());
      }
      Set<PublicKey> remaining = new TreeSet<>(state.members().keySet());
      remaining.remove(r.member());
      requireRecipients(r.rotation(), remaining);
    } else if (op instanceof RoleSet s) {
      requireAdmin(signer, state, signed);
      requireTargetMember(s.member(), state);
      if (state.isAdmin(s.member()) && s.role() != Role.ADMIN && state.adminCount() == 1) {
        throw new UnauthorizedOperationException("cannot demote the last admin " + s.member());
      }
    } else if (op instanceof KeyRotated k) {
      if (!state.canWrite(signer)) {
        throw new UnauthorizedOperationException(
            signer + " may not rotate keys: not a writing member");
      }
      requireRecipients(k.rotation(), state.members().keySet());
    } else if (op instanceof InvitationRevoked) {
      requireAdmin(signer, state, signed);
    }
  }

  private static void authorizeAdd(
      ContextId context, PublicKey signer, MemberAdded add, GovernanceState state) {
    if (state.isMember(add.member())) {
      throw new UnauthorizedOperationException(add.member() + " is already a member");
    }
    if (add.redemption().isEmpty()) {
      if (!state.isAdmin(signer)) {
        throw new UnauthorizedOperationException(
            signer + " is not an admin and redeems no invitation");
      }
      return;
    }
    if (!state.isMember(signer)) {
      throw new UnauthorizedOperationException(signer + " accepted a join but is not a member");
    }
    Redemption r = add.redemption().get();
    if (r.invitation().role() != add.role()) {
      throw new UnauthorizedOperationException(
          "role " + add.role() + " differs from the invitation's " + r.invitation().role());
    }
    InvitationVerifier.checkRedemption(
        context, r.invitation(), add.member(), add.agreementKey(), r, state);
  }

  private static void requireAdmin(PublicKey signer, GovernanceState state, SignedGovernanceOp op) {
    if (!state.isAdmin(signer)) {
      throw new UnauthorizedOperationException(
          signer + " is not an admin at the parents of " + op.id());
    }
  }

  private static void requireTargetMember(PublicKey member, GovernanceState state) {
    if (!state.isMember(member)) {
      throw new UnauthorizedOperationException(member + " is not a member");
    }
  }

  private static void requireRecipients(KeyRotation rotation, Set<PublicKey> expected) {
    Set<PublicKey> recipients = new TreeSet<>();
    rotation.wrapped().forEach(w -> recipients.add(w.recipient()));
    if (!recipients.equals(expected)) {
      throw new UnauthorizedOperationException(
          "key " + rotation.key() + " must be wrapped to exactly the members " + expected);
    }
  }
}
