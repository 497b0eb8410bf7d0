package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.KeyRotated;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves the ops of one causal cut into a {@link GovernanceState} that every replica computes
 * alike, voiding what a removed or demoted member did concurrently with its revocation.
 *
 * <pre>
 *   order    Kahn's algorithm over the cut's ops; among ops whose parents are all placed, power ops
 *            (MemberRemoved, RoleSet, InvitationRevoked) first, then ascending op id
 *   judge    one pass over that order: each op is judged against the state resolved so far (signer's
 *            role, target, last admin, invitation not revoked or redeemed, inviter still admin); an
 *            op that fails is void and changes nothing, so what a void op added is void with it
 *   revoke   an applied removal or demotion of t voids every applied op of t (signed by t, or
 *            redeeming t's invitation) that t's new role forbids and that is not in the
 *            revocation's causal past; the pass then restarts with those ops void (each op is
 *            voided at most once, so at most one restart per op); an admin's removal or role change
 *            of t that revokes nothing because an earlier op (t's own, say) already removed or
 *            demoted t still voids t's unseen ops that t's resulting role forbids
 *   mutual   a removal or demotion of r signed by t, where r concurrently revoked t, still applies
 *            ("A removes B" ‖ "B removes A": both lose their role), so a revoked member cannot
 *            escape by backdating the revocation of its revoker; when they are the last two admins
 *            the one who became admin first (seniority in the order) keeps the role
 * </pre>
 *
 * The order and every verdict depend only on the set of ops, never on the delivery order. A
 * redemption is judged here against the invitations already redeemed in the pass, so the first
 * redemption of an invitation in this order wins on every replica.
 */
final class GovernanceResolver {
  private final Map<GovernanceOpId, SignedGovernanceOp> ops;
  private final List<SignedGovernanceOp> order;
  private final Map<GovernanceOpId, Set<GovernanceOpId>> pasts = new HashMap<>();
  private final Set<GovernanceOpId> voided = new TreeSet<>();

  private GovernanceResolver(Map<GovernanceOpId, SignedGovernanceOp> ops) {
    this.ops = ops;
    this.order = order(ops);
  }

  /** The state of {@code cut}, whose ancestors (inclusive) are {@code ops}. */
  static GovernanceState resolve(
      Map<GovernanceOpId, SignedGovernanceOp> ops, Set<GovernanceOpId> cut) {
    GovernanceResolver resolver = new GovernanceResolver(ops);
    for (int round = 0; round <= ops.size(); round++) {
      GovernanceState.Draft draft = new GovernanceState.Draft();
      Set<GovernanceOpId> stale = resolver.pass(draft);
      if (stale.isEmpty()) {
        return draft.toState(cut, draft.voidedIn(ops.keySet()));
      }
      resolver.voided.addAll(stale);
    }
    throw new IllegalStateException("governance resolution did not settle"); // each round voids
  }

  /** One pass; returns the ops a revocation made stale (void them and pass again) or none. */
  private Set<GovernanceOpId> pass(GovernanceState.Draft state) {
    Map<PublicKey, List<SignedGovernanceOp>> appliedOf = new HashMap<>();
    Map<PublicKey, List<SignedGovernanceOp>> revocationsOf = new HashMap<>();
    for (SignedGovernanceOp op : order) {
      if (voided.contains(op.id())) {
        continue;
      }
      if (!permitted(op, state, revocationsOf)) {
        countLosingRedeemer(op, state);
        Optional<GovernanceOpId> beaten = seniorBeats(op, state, revocationsOf);
        if (beaten.isPresent()) {
          return Set.of(beaten.get());
        }
        Set<GovernanceOpId> escaped = roleChangeStale(op, state, appliedOf);
        if (!escaped.isEmpty()) {
          return escaped;
        }
        continue;
      }
      Optional<PublicKey> revoked = revocationTarget(op.op(), state);
      state.apply(op);
      appliedOf.computeIfAbsent(op.signer(), k -> new ArrayList<>()).add(op);
      inviter(op.op())
          .filter(i -> !i.equals(op.signer()))
          .ifPresent(i -> appliedOf.computeIfAbsent(i, k -> new ArrayList<>()).add(op));
      if (revoked.isPresent()) {
        PublicKey target = revoked.get();
        revocationsOf.computeIfAbsent(target, k -> new ArrayList<>()).add(op);
        Set<GovernanceOpId> stale =
            stale(op, target, state.role(target), appliedOf.getOrDefault(target, List.of()));
        if (!stale.isEmpty()) {
          return stale;
        }
      } else {
        Set<GovernanceOpId> escaped = roleChangeStale(op, state, appliedOf);
        if (!escaped.isEmpty()) {
          return escaped;
        }
      }
    }
    return Set.of();
  }

  /**
   * An admin's removal or role change of {@code t} that revokes nothing in the state resolved so
   * far (t already removed, or already below the new role, by t itself or another op earlier in the
   * order) still voids what t did that the op did not see and t's role after it forbids. Otherwise
   * a member could keep its backdated ops by revoking itself first: its own revocation sees them,
   * the concurrent one of an honest admin does not.
   */
  private Set<GovernanceOpId> roleChangeStale(
      SignedGovernanceOp op,
      GovernanceState.Draft state,
      Map<PublicKey, List<SignedGovernanceOp>> appliedOf) {
    if (!(op.op() instanceof MemberRemoved || op.op() instanceof RoleSet)
        || state.role(op.signer()).orElse(null) != Role.ADMIN) {
      return Set.of();
    }
    PublicKey t = target(op.op());
    if (op.op() instanceof MemberRemoved && state.role(t).isPresent()) {
      return Set.of(); // not applied for another reason (the last admin): it revokes nothing
    }
    return stale(op, t, state.role(t), appliedOf.getOrDefault(t, List.of()));
  }

  private boolean permitted(
      SignedGovernanceOp signed,
      GovernanceState.Draft state,
      Map<PublicKey, List<SignedGovernanceOp>> revocationsOf) {
    GovernanceOp op = signed.op();
    PublicKey signer = signed.signer();
    if (op instanceof ContextCreated) {
      return !state.exists();
    }
    if (!state.exists()) {
      return false;
    }
    if (op instanceof MemberAdded add) {
      return addPermitted(add, signer, state);
    }
    if (op instanceof KeyRotated) {
      return state.role(signer).map(Role::canWrite).orElse(false);
    }
    if (op instanceof InvitationRevoked) {
      return state.role(signer).orElse(null) == Role.ADMIN;
    }
    PublicKey target = target(op);
    Optional<Role> before = state.role(target);
    if (before.isEmpty()) {
      return false;
    }
    boolean demotesAdmin = before.get() == Role.ADMIN && newRole(op) != Role.ADMIN;
    if (state.role(signer).orElse(null) == Role.ADMIN) {
      return !demotesAdmin || state.adminCount() > 1;
    }
    return (!demotesAdmin || state.adminCount() > 1)
        && mutual(signed, state, revocationsOf).isPresent();
  }

  /**
   * The applied revocation of {@code op}'s signer by {@code op}'s target that {@code op} did not
   * see, when {@code op} revokes its target in turn (a mutual revocation).
   */
  private Optional<SignedGovernanceOp> mutual(
      SignedGovernanceOp op,
      GovernanceState.Draft state,
      Map<PublicKey, List<SignedGovernanceOp>> revocationsOf) {
    if (revocationTarget(op.op(), state).isEmpty()) {
      return Optional.empty();
    }
    PublicKey target = target(op.op());
    return revocationsOf.getOrDefault(op.signer(), List.of()).stream()
        .filter(r -> r.signer().equals(target) && !past(op).contains(r.id()))
        .findFirst();
  }

  /**
   * Two last admins revoking each other cannot both lose their role: the one who became admin first
   * keeps it, so the loser is decided by the replicated history, not by an op id anyone can grind.
   * Returns the applied revocation to void when {@code op}'s signer is the senior.
   */
  private Optional<GovernanceOpId> seniorBeats(
      SignedGovernanceOp op,
      GovernanceState.Draft state,
      Map<PublicKey, List<SignedGovernanceOp>> revocationsOf) {
    if (op.op() instanceof MemberAdded
        || op.op() instanceof KeyRotated
        || op.op() instanceof InvitationRevoked
        || op.op() instanceof ContextCreated) {
      return Optional.empty();
    }
    PublicKey target = target(op.op());
    return mutual(op, state, revocationsOf)
        .filter(r -> state.adminSince(op.signer()) < state.adminSince(target))
        .map(SignedGovernanceOp::id);
  }

  private static boolean addPermitted(
      MemberAdded add, PublicKey signer, GovernanceState.Draft state) {
    if (state.role(add.member()).isPresent()) {
      return false;
    }
    if (add.redemption().isEmpty()) {
      return state.role(signer).orElse(null) == Role.ADMIN;
    }
    Invitation invitation = add.redemption().get().invitation();
    // Single use across the DAG: the first redemption of an invitation in the resolution order
    // wins.
    return state.role(signer).isPresent()
        && state.role(invitation.inviter()).orElse(null) == Role.ADMIN
        && !state.isRevoked(invitation.id())
        && !state.isRedeemed(invitation.id());
  }

  /**
   * The loser of a concurrent redemption was handed the key ring by the member that admitted it, so
   * it counts as a key holder (not a member): the next writer rotates the key away from it.
   */
  private static void countLosingRedeemer(SignedGovernanceOp op, GovernanceState.Draft state) {
    if (op.op() instanceof MemberAdded add
        && add.redemption().isPresent()
        && state.isRedeemed(add.redemption().get().invitation().id())
        && state.role(op.signer()).isPresent()
        && state.role(add.member()).isEmpty()) {
      state.handRing(add.member());
    }
  }

  /**
   * The applied ops of {@code member} that its new role (empty: removed) forbids and that the
   * revocation did not see, except its own revocation of the revoker (a mutual revocation).
   */
  private Set<GovernanceOpId> stale(
      SignedGovernanceOp revocation,
      PublicKey member,
      Optional<Role> role,
      List<SignedGovernanceOp> appliedOf) {
    Set<GovernanceOpId> stale = new TreeSet<>();
    for (SignedGovernanceOp op : appliedOf) {
      if (op.equals(revocation) || past(revocation).contains(op.id())) {
        continue;
      }
      boolean mutual =
          op.signer().equals(member) && revocation.signer().equals(targetOrNull(op.op()));
      if (!mutual && (role.isEmpty() || role.get().code() > needed(op, member).code())) {
        stale.add(op.id());
      }
    }
    return stale;
  }

  /** The least role {@code member} needs for {@code op} to stand. */
  private static Role needed(SignedGovernanceOp op, PublicKey member) {
    GovernanceOp g = op.op();
    if (g instanceof MemberAdded add) {
      boolean invites =
          add.redemption().map(r -> r.invitation().inviter().equals(member)).orElse(false);
      return add.redemption().isEmpty() || invites ? Role.ADMIN : Role.READ_ONLY;
    }
    return g instanceof KeyRotated ? Role.MEMBER : Role.ADMIN;
  }

  /** The member {@code op} removes or demotes in {@code state}, if it does. */
  private static Optional<PublicKey> revocationTarget(
      GovernanceOp op, GovernanceState.Draft state) {
    if (op instanceof MemberRemoved r) {
      return Optional.of(r.member());
    }
    if (op instanceof RoleSet s) {
      Optional<Role> before = state.role(s.member());
      if (before.isPresent() && s.role().code() > before.get().code()) {
        return Optional.of(s.member());
      }
    }
    return Optional.empty();
  }

  private static PublicKey target(GovernanceOp op) {
    return op instanceof MemberRemoved r ? r.member() : ((RoleSet) op).member();
  }

  private static PublicKey targetOrNull(GovernanceOp op) {
    return op instanceof MemberRemoved || op instanceof RoleSet ? target(op) : null;
  }

  private static Role newRole(GovernanceOp op) {
    return op instanceof RoleSet s ? s.role() : null;
  }

  private static Optional<PublicKey> inviter(GovernanceOp op) {
    return op instanceof MemberAdded add
        ? add.redemption().map(r -> r.invitation().inviter())
        : Optional.empty();
  }

  /** The strict ancestors of {@code op} among the cut's ops. */
  private Set<GovernanceOpId> past(SignedGovernanceOp op) {
    Set<GovernanceOpId> known = pasts.get(op.id());
    if (known != null) {
      return known;
    }
    Set<GovernanceOpId> past = new HashSet<>();
    Deque<GovernanceOpId> todo = new ArrayDeque<>(op.parents());
    while (!todo.isEmpty()) {
      GovernanceOpId id = todo.pop();
      if (past.add(id)) {
        todo.addAll(ops.get(id).parents());
      }
    }
    pasts.put(op.id(), past);
    return past;
  }

  private static boolean power(SignedGovernanceOp op) {
    GovernanceOp g = op.op();
    return g instanceof MemberRemoved || g instanceof RoleSet || g instanceof InvitationRevoked;
  }

  /** Topological order: of the ops whose parents are placed, power ops first, then by id. */
  private static List<SignedGovernanceOp> order(Map<GovernanceOpId, SignedGovernanceOp> ops) {
    Map<GovernanceOpId, Integer> missingParents = new HashMap<>();
    Map<GovernanceOpId, List<GovernanceOpId>> children = new HashMap<>();
    PriorityQueue<SignedGovernanceOp> ready =
        new PriorityQueue<>(
            Comparator.comparing((SignedGovernanceOp op) -> !power(op))
                .thenComparing(SignedGovernanceOp::id));
    for (SignedGovernanceOp op : ops.values()) {
      missingParents.put(op.id(), op.parents().size());
      op.parents().forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(op.id()));
      if (op.parents().isEmpty()) {
        ready.add(op);
      }
    }
    List<SignedGovernanceOp> out = new ArrayList<>(ops.size());
    while (!ready.isEmpty()) {
      SignedGovernanceOp op = ready.poll();
      out.add(op);
      for (GovernanceOpId child : children.getOrDefault(op.id(), List.of())) {
        if (missingParents.merge(child, -1, Integer::sum) == 0) {
          ready.add(ops.get(child));
        }
      }
    }
    return out;
  }
}
