package dev.mero4j.membership;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One change to a context's membership, carried signed in a {@link SignedGovernanceOp}. Who may
 * sign which op is judged in the state at the op's parents ({@link GovernanceState#authorize}).
 */
public sealed interface GovernanceOp {
  /** Wire tag of this op kind. */
  int tag();

  /**
   * The genesis: the signer creates the context and is its first admin. The context id must be
   * SHA-256(application ‖ creator ‖ nonce), so nobody else can author a genesis for it.
   */
  record ContextCreated(
      ApplicationId application, byte[] nonce, AgreementKey creatorAgreementKey, KeyId firstKey)
      implements GovernanceOp {
    /** Length of the creation nonce (the one {@code ContextManager.create} draws). */
    public static final int NONCE_BYTES = 16;

    public ContextCreated {
      if (nonce.length != NONCE_BYTES) {
        throw new IllegalArgumentException("a context nonce has " + NONCE_BYTES + " bytes");
      }
      nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
      return nonce.clone();
    }

    @Override
    public int tag() {
      return 1;
    }
  }

  /** Admits a member: signed by an admin, or by any member redeeming an admin's invitation. */
  record MemberAdded(
      PublicKey member, AgreementKey agreementKey, Role role, Optional<Redemption> redemption)
      implements GovernanceOp {
    @Override
    public int tag() {
      return 2;
    }
  }

  /** Removes a member and rotates the context key in the same op (wrapped to everyone else). */
  record MemberRemoved(PublicKey member, KeyRotation rotation) implements GovernanceOp {
    @Override
    public int tag() {
      return 3;
    }
  }

  /** Changes a member's role. */
  record RoleSet(PublicKey member, Role role) implements GovernanceOp {
    @Override
    public int tag() {
      return 4;
    }
  }

  /** Introduces a new context key wrapped to every member (discharges a rotation debt). */
  record KeyRotated(KeyRotation rotation) implements GovernanceOp {
    @Override
    public int tag() {
      return 5;
    }
  }

  /** Revokes an invitation: a later redemption of it is refused. */
  record InvitationRevoked(InvitationId invitation) implements GovernanceOp {
    @Override
    public int tag() {
      return 6;
    }
  }

  /** A new context key: its commitment and one wrap per recipient, sorted by recipient key. */
  record KeyRotation(KeyId key, List<WrappedKey> wrapped) {
    public KeyRotation {
      wrapped = wrapped.stream().sorted(Comparator.comparing(WrappedKey::recipient)).toList();
      for (WrappedKey w : wrapped) {
        if (!w.key().equals(key)) {
          throw new IllegalArgumentException("a rotation wraps only its own key");
        }
      }
    }
  }

  /**
   * The proof carried by a {@link MemberAdded} that redeems an invitation: the invitation, the
   * joiner's signature and the redemption proof from its {@link JoinRequest} (signed with the
   * invitation key, never the secret), and the admitting member's signed time of admission, which
   * every replica checks against the invitation's expiry.
   */
  record Redemption(
      Invitation invitation, Signature joinerSignature, Signature proof, Instant admittedAt) {}
}
