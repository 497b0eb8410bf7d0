package dev.mero4j.runtime.internal;

import dev.mero4j.membership.AgreementKey;
import dev.mero4j.membership.ApplyOutcome;
import dev.mero4j.membership.ContextKeys;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.DecryptionFailedException;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.membership.InvalidInvitationException;
import dev.mero4j.membership.InvitationId;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinRequest;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.KeyUnavailableException;
import dev.mero4j.membership.MalformedMembershipDataException;
import dev.mero4j.membership.MembershipException;
import dev.mero4j.membership.NotAMemberException;
import dev.mero4j.membership.PayloadKind;
import dev.mero4j.membership.Role;
import dev.mero4j.membership.RotationPendingException;
import dev.mero4j.membership.SignedGovernanceOp;
import dev.mero4j.membership.UnauthorizedOperationException;
import dev.mero4j.membership.UnknownGovernanceOpException;
import dev.mero4j.membership.WrappedKey;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.NotAdminException;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownMemberException;
import dev.mero4j.runtime.api.UnopenedGovernanceOpException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The membership side of one loaded context: authorises and seals local writes, opens and judges
 * remote envelopes at their governance position, applies and publishes governance ops, and keeps
 * the envelopes that wait for governance ({@link AwaitingEnvelopes}). Guarded by its {@link
 * LoadedContext}'s write lock.
 *
 * <pre>
 *   local write:   authorizeWrite(self, heads) ─► seal(envelope) (rotation pending? rotate, publish, seal)
 *   remote sealed: open ─┬─ key unknown to the log ─► wait (PENDING)
 *                        ├─ key known, not held ───► reject
 *                        └─ decode ─► authorizeWrite(author, position) ─┬─ ops unknown ─► wait
 *                                                                       └─ not a writer ─► reject
 *   governance op applied ─► retry the waiting envelopes
 * </pre>
 */
public final class ContextGovernance {
  private final ContextMembership membership;
  private final BiConsumer<ContextId, byte[]> publish;
  private final AwaitingEnvelopes awaiting;

  /** An envelope named a key the log gave this member and it does not hold: ask a peer for keys. */
  private boolean keysWanted;

  ContextGovernance(
      ContextMembership membership, BiConsumer<ContextId, byte[]> publish, Clock clock) {
    this.membership = membership;
    this.publish = publish;
    this.awaiting = new AwaitingEnvelopes(clock);
  }

  public ContextMembership membership() {
    return membership;
  }

  /** Refuses a local write by a non-member or read-only member; returns the position to record. */
  GovernancePosition authorizeLocalWrite(PublicKey executor) {
    GovernancePosition position = membership.position();
    if (!membership.state().canWrite(executor)) {
      if (membership.state().isMember(executor)) {
        throw new dev.mero4j.runtime.api.ReadOnlyMemberException(
            executor + " is a read-only member of " + membership.context());
      }
      throw new UnauthorizedException(executor + " is not a member of " + membership.context());
    }
    return position;
  }

  /**
   * Seals a local envelope under the current key, first rotating the key when it is out of step.
   */
  byte[] sealEnvelope(byte[] inner) {
    try {
      return membership.seal(PayloadKind.DELTA_ENVELOPE, inner);
    } catch (RotationPendingException e) {
      publishOp(membership.rotateKey());
      return membership.seal(PayloadKind.DELTA_ENVELOPE, inner);
    } catch (KeyUnavailableException e) {
      throw new UnauthorizedException(
          "this node lacks the current key of " + membership.context(), e);
    }
  }

  /** Opens an envelope this node stored (it opened or sealed it before). */
  byte[] openStored(byte[] sealed) {
    return membership.open(PayloadKind.DELTA_ENVELOPE, sealed);
  }

  /**
   * Opens a peer's envelope; empty when this member does not hold the key it names. Thread-safe
   * (only the key ring is read), so callers open before taking the context lock.
   *
   * @throws RejectedDeltaException when it does not open
   */
  Optional<byte[]> openIfHeld(byte[] sealed) {
    try {
      return Optional.of(membership.open(PayloadKind.DELTA_ENVELOPE, sealed));
    } catch (KeyUnavailableException e) {
      return Optional.empty();
    } catch (DecryptionFailedException | MalformedMembershipDataException e) {
      throw new RejectedDeltaException(
          "envelope does not open under the context key: " + e.getMessage(), e);
    }
  }

  /**
   * An envelope under a key this member lacks: it waits when no applied governance op introduced
   * the key yet.
   *
   * @throws RejectedDeltaException when the key is known and was not given to this member
   */
  void keyNotHeld(byte[] sealed) {
    KeyId key = ContextKeys.sealedWith(sealed);
    if (membership.log().introducedKeys().contains(key)) {
      if (!membership.state().isMember(membership.self().publicKey())) {
        throw new RejectedDeltaException(
            "envelope sealed under key " + key + " that this member was not given");
      }
      // Admitted concurrently with the rotation that introduced it: a member delivers it on
      // request.
      keysWanted = true;
    }
    await(sealed, Set.of());
  }

  /** Whether this member lacks a key of the context it should hold (ask a peer for its keys). */
  boolean keysWanted() {
    boolean member = membership.state().isMember(membership.self().publicKey());
    return member && (keysWanted || !membership.holdsCurrentKey());
  }

  /**
   * Takes keys a peer delivered to this member; each must open and match a key of the log (keys the
   * log does not know yet are skipped: their governance op is still on its way).
   *
   * @throws RejectedGovernanceOpException when one does not
   */
  void acceptKeys(List<byte[]> delivered) {
    List<WrappedKey> keys = new ArrayList<>();
    List<KeyId> known = membership.log().introducedKeys();
    try {
      for (byte[] bytes : delivered) {
        BinaryReader in = new BinaryReader(bytes);
        WrappedKey key =
            new WrappedKey(
                KeyId.of(in.id()),
                membership.self().publicKey(),
                AgreementKey.of(in.id()),
                in.raw(WrappedKey.CIPHERTEXT_BYTES));
        in.expectEnd();
        if (known.contains(key.key())) {
          keys.add(key);
        }
      }
      membership.acceptKeys(keys);
    } catch (PrimitiveException | MembershipException e) {
      throw new RejectedGovernanceOpException("delivered keys refused: " + e.getMessage(), e);
    }
    keysWanted = false;
  }

  /**
   * The causal-cut rule for a peer's envelope: false when it waits for governance ops (kept here).
   *
   * @throws RejectedDeltaException when its author could not write at its position
   */
  boolean authorizeRemote(DeltaEnvelope envelope, byte[] sealed) {
    try {
      membership.log().authorizeWrite(envelope.delta().author(), envelope.position());
      return true;
    } catch (UnknownGovernanceOpException e) {
      Set<GovernanceOpId> unknown = new TreeSet<>(envelope.position().heads());
      unknown.removeIf(membership.log()::contains);
      await(sealed, unknown);
      return false;
    } catch (NotAMemberException e) {
      throw new RejectedDeltaException(
          "delta "
              + envelope.delta().id()
              + " by "
              + envelope.delta().author()
              + " who could not write at its governance position",
          e);
    }
  }

  private void await(byte[] sealed, Set<GovernanceOpId> names) {
    awaiting.add(sealed, names);
  }

  int awaitingCount() {
    return awaiting.count();
  }

  /** Bytes of the envelopes waiting for governance. */
  long awaitingBytes() {
    return awaiting.bytes();
  }

  /** Takes the waiting envelopes, to retry after governance progressed. */
  List<byte[]> drainAwaiting() {
    return awaiting.drain();
  }

  /** Drops the waiting envelopes that did not open (key unknown to the log); returns how many. */
  int dropUnopened() {
    return awaiting.dropUnopened();
  }

  /** Drops the envelopes waiting past their age; returns the hash of each. */
  List<Hash> expireAwaiting() {
    return awaiting.expire();
  }

  /** Ops buffered ops and waiting envelopes name and the log lacks. */
  Set<GovernanceOpId> missing() {
    Set<GovernanceOpId> missing = new TreeSet<>(membership.log().missing());
    awaiting.forEachName(
        id -> {
          if (!membership.log().contains(id)) {
            missing.add(id);
          }
        });
    return missing;
  }

  /**
   * Opens and applies a peer's governance op.
   *
   * @throws UnopenedGovernanceOpException when it is sealed under a key this node does not hold
   * @throws RejectedGovernanceOpException when it does not open or is forged or unauthorised
   */
  ApplyOutcome receive(byte[] sealed) {
    SignedGovernanceOp op;
    try {
      op = membership.openOp(sealed);
    } catch (KeyUnavailableException e) {
      throw new UnopenedGovernanceOpException("governance op does not open: " + e.getMessage(), e);
    } catch (MembershipException e) {
      throw new RejectedGovernanceOpException("governance op does not open: " + e.getMessage(), e);
    }
    try {
      return membership.receive(op);
    } catch (MembershipException e) {
      throw new RejectedGovernanceOpException(
          "governance op " + op.id() + " refused: " + e.getMessage(), e);
    }
  }

  byte[] sealFrame(byte[] frame) {
    try {
      return membership.sealFrame(frame);
    } catch (MembershipException e) {
      throw new UnauthorizedException(
          "no current key of " + membership.context() + " to seal with: " + e.getMessage(), e);
    }
  }

  byte[] openFrame(byte[] sealed) {
    try {
      return membership.open(PayloadKind.SYNC_FRAME, sealed);
    } catch (MembershipException e) {
      throw new RejectedGovernanceOpException("sync frame does not open: " + e.getMessage(), e);
    }
  }

  // Membership operations of this node's identity (ContextManager, under the context's write lock).

  public IssuedInvitation invite(MemberRole role, Duration validity, Optional<PublicKey> invitee) {
    if (validity.isNegative() || validity.isZero()) {
      throw new InvalidArgumentsException(
          "an invitation must be valid for a positive duration, not " + validity);
    }
    requireAdmin();
    return membership.invite(role(role), validity, invitee);
  }

  /** Answers a join request; an admission is published like any governance op. */
  JoinResponse admit(JoinRequest request) {
    JoinResponse response = membership.accept(request);
    if (response instanceof JoinResponse.Accepted accepted) {
      publishOp(accepted.log().get(accepted.log().size() - 1));
    }
    return response;
  }

  public List<MemberInfo> members() {
    PublicKey self = membership.self().publicKey();
    List<MemberInfo> out = new ArrayList<>();
    membership
        .state()
        .members()
        .forEach((key, role) -> out.add(new MemberInfo(key, role(role), key.equals(self))));
    return out;
  }

  public void removeMember(PublicKey member) {
    requireAdmin();
    requireMember(member);
    publishOp(issue(() -> membership.removeMember(member)));
  }

  public void setRole(PublicKey member, MemberRole role) {
    requireAdmin();
    requireMember(member);
    publishOp(issue(() -> membership.setRole(member, role(role))));
  }

  public void revoke(String invitation) {
    requireAdmin();
    InvitationId id;
    try {
      id = IssuedInvitation.parse(invitation).invitation().id();
    } catch (MembershipException e) {
      try {
        id = InvitationId.fromBase58(invitation.strip());
      } catch (RuntimeException notAnId) {
        throw new dev.mero4j.runtime.api.InvitationRefusedException(
            dev.mero4j.runtime.api.InvitationRefusedException.Reason.MALFORMED,
            "neither an invitation nor an invitation id: " + notAnId.getMessage(),
            notAnId);
      }
    }
    InvitationId revoked = id;
    publishOp(issue(() -> membership.revoke(revoked)));
  }

  private SignedGovernanceOp issue(java.util.function.Supplier<SignedGovernanceOp> op) {
    try {
      return op.get();
    } catch (UnauthorizedOperationException | InvalidInvitationException e) {
      throw new NotAdminException(e.getMessage(), e);
    }
  }

  private void requireAdmin() {
    if (!membership.state().isAdmin(membership.self().publicKey())) {
      throw new NotAdminException(
          "this node's identity "
              + membership.self().publicKey()
              + " is not an admin of "
              + membership.context());
    }
  }

  private void requireMember(PublicKey member) {
    if (!membership.state().isMember(member)) {
      throw new UnknownMemberException(member + " is not a member of " + membership.context());
    }
  }

  private void publishOp(SignedGovernanceOp op) {
    publish.accept(membership.context(), membership.sealOp(op));
  }

  static Role role(MemberRole role) {
    return switch (role) {
      case ADMIN -> Role.ADMIN;
      case MEMBER -> Role.MEMBER;
      case READ_ONLY -> Role.READ_ONLY;
    };
  }

  static MemberRole role(Role role) {
    return switch (role) {
      case ADMIN -> MemberRole.ADMIN;
      case MEMBER -> MemberRole.MEMBER;
      case READ_ONLY -> MemberRole.READ_ONLY;
    };
  }
}
