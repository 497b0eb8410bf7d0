package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The governance ops that tell a key the log once admitted why it is no member now, so that its
 * node can fold them itself (every op is signed) instead of trusting whoever answers.
 *
 * <pre>
 *   admissions = MemberAdded ops naming the key
 *   involved   = the key, the signers of its admissions, the inviters of their invitations
 *   causes     = MemberRemoved / RoleSet of an involved key, InvitationRevoked of one of those
 *                invitations, another MemberAdded redeeming one of them
 *   served     = admissions and causes with their causal past, in apply order
 * </pre>
 *
 * A node admitted by an admin that was already removed gets the removal of that admin; a removed
 * member gets its removal; a redemption that lost the race gets the winner. Nothing concurrent with
 * or after those causes is served, and every op stays sealed under the key current at its parents.
 */
public final class Standing {
  private Standing() {}

  /**
   * The ids of the ops that explain why {@code key} is not a member in {@code log}'s resolved
   * state, in apply order; empty when the key is a member or the log never admitted it.
   */
  public static List<GovernanceOpId> explaining(GovernanceLog log, PublicKey key) {
    if (log.state().isMember(key)) {
      return List.of();
    }
    List<SignedGovernanceOp> ops = log.ops();
    Set<PublicKey> involved = new HashSet<>();
    Set<InvitationId> invitations = new HashSet<>();
    Deque<GovernanceOpId> roots = new ArrayDeque<>();
    for (SignedGovernanceOp signed : ops) {
      if (signed.op() instanceof MemberAdded a && a.member().equals(key)) {
        roots.add(signed.id());
        involved.add(signed.signer());
        a.redemption()
            .ifPresent(
                r -> {
                  involved.add(r.invitation().inviter());
                  invitations.add(r.invitation().id());
                });
      }
    }
    if (roots.isEmpty()) {
      return List.of();
    }
    involved.add(key);
    for (SignedGovernanceOp signed : ops) {
      if (causes(signed.op(), key, involved, invitations)) {
        roots.add(signed.id());
      }
    }
    Set<GovernanceOpId> past = pastOf(log, roots);
    return ops.stream().map(SignedGovernanceOp::id).filter(past::contains).toList();
  }

  /**
   * The keys {@code log} admitted (its creator included) that are no members of its resolved state:
   * removed, or admitted by a void op. A joiner that learns its own admission is void trusts no
   * member proof by one of them when it joins again.
   */
  public static Set<PublicKey> formerMembers(GovernanceLog log) {
    Set<PublicKey> former = new HashSet<>();
    for (SignedGovernanceOp signed : log.ops()) {
      if (signed.op() instanceof MemberAdded a) {
        former.add(a.member());
      } else if (signed.op() instanceof GovernanceOp.ContextCreated) {
        former.add(signed.signer());
      }
    }
    former.removeAll(log.state().members().keySet());
    return former;
  }

  private static boolean causes(
      GovernanceOp op, PublicKey key, Set<PublicKey> involved, Set<InvitationId> invitations) {
    if (op instanceof MemberRemoved r) {
      return involved.contains(r.member());
    }
    if (op instanceof RoleSet s) {
      return involved.contains(s.member());
    }
    if (op instanceof InvitationRevoked v) {
      return invitations.contains(v.invitation());
    }
    return op instanceof MemberAdded a
        && !a.member().equals(key)
        && a.redemption().filter(r -> invitations.contains(r.invitation().id())).isPresent();
  }

  /** {@code roots} and every op they descend from. */
  private static Set<GovernanceOpId> pastOf(GovernanceLog log, Deque<GovernanceOpId> roots) {
    Set<GovernanceOpId> past = new HashSet<>();
    while (!roots.isEmpty()) {
      GovernanceOpId id = roots.pop();
      if (past.add(id)) {
        log.get(id).ifPresent(op -> roots.addAll(op.parents()));
      }
    }
    return past;
  }
}
