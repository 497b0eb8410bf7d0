package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.KeyRotated;
import dev.mero4j.membership.GovernanceOp.KeyRotation;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The membership of a context as of one causal cut of its governance log: members and roles, their
 * agreement keys, the context keys in the order they were introduced (the last is current) with who
 * holds each, and the revoked and redeemed invitations. Immutable.
 *
 * <p>It is the resolution of the cut's ops by {@link GovernanceResolver}: one deterministic pass
 * over a topological order in which each op is judged against the state resolved so far, so every
 * replica computes the same state for the same cut, and what a revoked member did concurrently with
 * its revocation is void.
 */
@SuppressWarnings("NonApiType") // the key holders' insertion order is part of the replicated state
public final class GovernanceState {
  /** The state before the genesis: no members, no keys. */
  public static final GovernanceState EMPTY =
      new GovernanceState(
          Optional.empty(),
          Map.of(),
          Map.of(),
          new LinkedHashMap<>(),
          Set.of(),
          Map.of(),
          Set.of(),
          Set.of());

  private final Optional<ContextCreated> genesis;
  private final Map<PublicKey, Role> members;
  private final Map<PublicKey, AgreementKey> agreementKeys;
  private final LinkedHashMap<KeyId, Set<PublicKey>> keyHolders;
  private final Set<InvitationId> revoked;
  private final Map<InvitationId, PublicKey> redeemed;
  private final Set<GovernanceOpId> cut;
  private final Set<GovernanceOpId> voided;

  private GovernanceState(
      Optional<ContextCreated> genesis,
      Map<PublicKey, Role> members,
      Map<PublicKey, AgreementKey> agreementKeys,
      LinkedHashMap<KeyId, Set<PublicKey>> keyHolders,
      Set<InvitationId> revoked,
      Map<InvitationId, PublicKey> redeemed,
      Set<GovernanceOpId> cut,
      Set<GovernanceOpId> voided) {
    this.genesis = genesis;
    this.members = Collections.unmodifiableMap(new TreeMap<>(members));
    this.agreementKeys = Collections.unmodifiableMap(new TreeMap<>(agreementKeys));
    this.keyHolders = keyHolders;
    this.revoked = Collections.unmodifiableSet(new TreeSet<>(revoked));
    this.redeemed = Collections.unmodifiableMap(new TreeMap<>(redeemed));
    this.cut = Collections.unmodifiableSet(new TreeSet<>(cut));
    this.voided = Collections.unmodifiableSet(new TreeSet<>(voided));
  }

  /** The mutable state a {@link GovernanceResolver} pass builds, op by op. */
  static final class Draft {
    private Optional<ContextCreated> genesis = Optional.empty();
    private final Map<PublicKey, Role> members = new TreeMap<>();
    private final Map<PublicKey, AgreementKey> agreement = new TreeMap<>();
    private final LinkedHashMap<KeyId, Set<PublicKey>> keys = new LinkedHashMap<>();
    private final Set<InvitationId> revoked = new TreeSet<>();
    private final Map<InvitationId, PublicKey> redeemed = new TreeMap<>();
    private final Set<GovernanceOpId> applied = new TreeSet<>();
    private final Map<PublicKey, Integer> adminSince = new TreeMap<>();

    boolean exists() {
      return genesis.isPresent();
    }

    Optional<Role> role(PublicKey member) {
      return Optional.ofNullable(members.get(member));
    }

    private boolean isAdmin(PublicKey member) {
      return members.get(member) == Role.ADMIN;
    }

    long adminCount() {
      return members.values().stream().filter(r -> r == Role.ADMIN).count();
    }

    boolean isRevoked(InvitationId invitation) {
      return revoked.contains(invitation);
    }

    boolean isRedeemed(InvitationId invitation) {
      return redeemed.containsKey(invitation);
    }

    /**
     * Counts {@code member} as a holder of every current key without admitting it: the loser of a
     * concurrent redemption was handed the key ring, so the next writer must rotate.
     */
    void handRing(PublicKey member) {
      keys.values().forEach(holders -> holders.add(member));
    }

    /** When {@code member} last became admin, in applied ops (lower is more senior). */
    int adminSince(PublicKey member) {
      return adminSince.getOrDefault(member, Integer.MAX_VALUE);
    }

    /** Applies an op the resolver permitted. */
    void apply(SignedGovernanceOp signed) {
      GovernanceOp op = signed.op();
      PublicKey promoted =
          op instanceof ContextCreated
              ? signed.signer()
              : op instanceof MemberAdded a && a.role() == Role.ADMIN
                  ? a.member()
                  : op instanceof RoleSet s && s.role() == Role.ADMIN && !isAdmin(s.member())
                      ? s.member()
                      : null;
      if (promoted != null) {
        adminSince.put(promoted, applied.size());
      }
      applied.add(signed.id());
      if (op instanceof ContextCreated c) {
        genesis = Optional.of(c);
        members.put(signed.signer(), Role.ADMIN);
        agreement.put(signed.signer(), c.creatorAgreementKey());
        keys.put(c.firstKey(), new TreeSet<>(Set.of(signed.signer())));
      } else if (op instanceof MemberAdded a) {
        a.redemption().ifPresent(r -> redeemed.put(r.invitation().id(), a.member()));
        members.put(a.member(), a.role());
        agreement.put(a.member(), a.agreementKey());
        keys.values().forEach(holders -> holders.add(a.member()));
      } else if (op instanceof MemberRemoved r) {
        members.remove(r.member());
        introduce(r.rotation());
      } else if (op instanceof RoleSet s) {
        members.computeIfPresent(s.member(), (k, old) -> s.role());
      } else if (op instanceof KeyRotated k) {
        introduce(k.rotation());
      } else if (op instanceof InvitationRevoked v) {
        revoked.add(v.invitation());
      }
    }

    private void introduce(KeyRotation rotation) {
      Set<PublicKey> holders = new TreeSet<>();
      rotation.wrapped().forEach(w -> holders.add(w.recipient()));
      keys.remove(rotation.key());
      keys.put(rotation.key(), holders);
    }

    /** The ops of {@code all} this pass did not apply. */
    Set<GovernanceOpId> voidedIn(Set<GovernanceOpId> all) {
      Set<GovernanceOpId> out = new TreeSet<>(all);
      out.removeAll(applied);
      return out;
    }

    GovernanceState toState(Set<GovernanceOpId> cut, Set<GovernanceOpId> voided) {
      return new GovernanceState(genesis, members, agreement, keys, revoked, redeemed, cut, voided);
    }
  }

  /** The governance heads this state is the state of. */
  public Set<GovernanceOpId> cut() {
    return cut;
  }

  /**
   * Whether {@code op}, an ancestor of the cut, is void: the resolution judged it unauthorised in
   * the resolved state (e.g. signed by a member a concurrent op removed), so it changed nothing.
   */
  public boolean isVoid(GovernanceOpId op) {
    return voided.contains(op);
  }

  /** The void ops among the cut's ancestors. */
  public Set<GovernanceOpId> voided() {
    return voided;
  }

  public boolean exists() {
    return genesis.isPresent();
  }

  public Optional<ApplicationId> application() {
    return genesis.map(ContextCreated::application);
  }

  public Optional<Role> roleOf(PublicKey member) {
    return Optional.ofNullable(members.get(member));
  }

  public boolean isMember(PublicKey key) {
    return members.containsKey(key);
  }

  public boolean isAdmin(PublicKey key) {
    return members.get(key) == Role.ADMIN;
  }

  public boolean canWrite(PublicKey key) {
    Role role = members.get(key);
    return role != null && role.canWrite();
  }

  /** Members and their roles, by key. */
  public Map<PublicKey, Role> members() {
    return members;
  }

  public long adminCount() {
    return members.values().stream().filter(r -> r == Role.ADMIN).count();
  }

  public Optional<AgreementKey> agreementKey(PublicKey member) {
    return Optional.ofNullable(agreementKeys.get(member));
  }

  /** The key new payloads are sealed under: the last one introduced. */
  public Optional<KeyId> currentKey() {
    KeyId last = null;
    for (KeyId id : keyHolders.keySet()) {
      last = id;
    }
    return Optional.ofNullable(last);
  }

  /** Every key of the context, oldest first. */
  public List<KeyId> keys() {
    return List.copyOf(keyHolders.keySet());
  }

  /** Who received {@code key} (by wrap at its introduction, or with the key ring on joining). */
  public Set<PublicKey> holders(KeyId key) {
    return Collections.unmodifiableSet(keyHolders.getOrDefault(key, Set.of()));
  }

  /**
   * True when the current key is held by someone who is no longer a member, or a member lacks it
   * (concurrent removals and admissions): a writer should issue {@link KeyRotated} before sealing.
   */
  public boolean rotationNeeded() {
    return currentKey().map(k -> !keyHolders.get(k).equals(members.keySet())).orElse(false);
  }

  public boolean isRevoked(InvitationId invitation) {
    return revoked.contains(invitation);
  }

  public boolean isRedeemed(InvitationId invitation) {
    return redeemed.containsKey(invitation);
  }

  /** The member whose admission redeemed {@code invitation}, in the resolved order. */
  public Optional<PublicKey> redeemer(InvitationId invitation) {
    return Optional.ofNullable(redeemed.get(invitation));
  }

  /** SHA-256 of the canonical membership (members, roles, agreement keys, keys, invitations). */
  public Hash digest() {
    BinaryWriter out =
        new BinaryWriter(256)
            .raw("mero4j/governance-state/1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.varint(members.size());
    members.forEach((k, r) -> out.id(k).u8(r.code()).id(agreementKeys.get(k)));
    out.varint(keyHolders.size());
    keyHolders.forEach(
        (k, holders) -> {
          out.id(k).varint(holders.size());
          holders.forEach(out::id);
        });
    out.varint(revoked.size());
    revoked.forEach(out::id);
    out.varint(redeemed.size());
    redeemed.keySet().forEach(out::id);
    return Hash.sha256(out.toByteArray());
  }

  @Override
  public String toString() {
    return "GovernanceState["
        + members.size()
        + " members, "
        + keyHolders.size()
        + " keys, cut "
        + cut
        + "]";
  }
}
