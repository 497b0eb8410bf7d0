package dev.mero4j.membership.internal;

import dev.mero4j.membership.AgreementKey;
import dev.mero4j.membership.GovernanceOp;
import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.KeyRotated;
import dev.mero4j.membership.GovernanceOp.KeyRotation;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.Redemption;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.membership.Invitation;
import dev.mero4j.membership.InvitationId;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.MalformedMembershipDataException;
import dev.mero4j.membership.Role;
import dev.mero4j.membership.WrappedKey;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The op section of a signed governance op: {@code u8 tag ‖ fields} (docs/security.md, "Governance
 * op encoding").
 */
public final class OpCodec {
  /** Most wrapped keys in one rotation: one per member, so also the member cap of a context. */
  public static final int MAX_WRAPPED = 4096;

  /** Largest encoded invitation inside a redemption. */
  static final int MAX_INVITATION_BYTES = 512;

  private OpCodec() {}

  public static void write(BinaryWriter out, GovernanceOp op) {
    out.u8(op.tag());
    if (op instanceof ContextCreated c) {
      out.id(c.application()).raw(c.nonce()).id(c.creatorAgreementKey()).id(c.firstKey());
    } else if (op instanceof MemberAdded a) {
      out.id(a.member()).id(a.agreementKey()).u8(a.role().code()).bool(a.redemption().isPresent());
      a.redemption()
          .ifPresent(
              r ->
                  out.bytes(r.invitation().encode())
                      .raw(r.joinerSignature().toBytes())
                      .raw(r.proof().toBytes())
                      .varint(r.admittedAt().toEpochMilli()));
    } else if (op instanceof MemberRemoved r) {
      writeRotation(out.id(r.member()), r.rotation());
    } else if (op instanceof RoleSet s) {
      out.id(s.member()).u8(s.role().code());
    } else if (op instanceof KeyRotated k) {
      writeRotation(out, k.rotation());
    } else if (op instanceof InvitationRevoked v) {
      out.id(v.invitation());
    }
  }

  public static GovernanceOp read(BinaryReader in) {
    int tag = in.u8();
    return switch (tag) {
      case 1 ->
          new ContextCreated(
              ApplicationId.of(in.id()),
              in.raw(ContextCreated.NONCE_BYTES),
              AgreementKey.of(in.id()),
              KeyId.of(in.id()));
      case 2 -> {
        PublicKey member = PublicKey.of(in.id());
        AgreementKey agreement = AgreementKey.of(in.id());
        Role role = Role.ofCode(in.u8());
        Optional<Redemption> redemption =
            in.bool()
                ? Optional.of(
                    new Redemption(
                        Invitation.decode(in.bytes(MAX_INVITATION_BYTES)),
                        Signature.of(in.raw(Signature.LENGTH)),
                        Signature.of(in.raw(Signature.LENGTH)),
                        Instant.ofEpochMilli(in.varint())))
                : Optional.empty();
        yield new MemberAdded(member, agreement, role, redemption);
      }
      case 3 -> new MemberRemoved(PublicKey.of(in.id()), readRotation(in));
      case 4 -> new RoleSet(PublicKey.of(in.id()), Role.ofCode(in.u8()));
      case 5 -> new KeyRotated(readRotation(in));
      case 6 -> new InvitationRevoked(InvitationId.of(in.id()));
      default -> throw new MalformedMembershipDataException("unknown governance op tag " + tag);
    };
  }

  private static void writeRotation(BinaryWriter out, KeyRotation rotation) {
    out.id(rotation.key()).varint(rotation.wrapped().size());
    for (WrappedKey w : rotation.wrapped()) {
      out.id(w.recipient()).id(w.ephemeral()).raw(w.ciphertext());
    }
  }

  private static KeyRotation readRotation(BinaryReader in) {
    KeyId key = KeyId.of(in.id());
    int n = in.length(MAX_WRAPPED);
    List<WrappedKey> wrapped = new ArrayList<>(n);
    PublicKey previous = null;
    for (int i = 0; i < n; i++) {
      WrappedKey w =
          new WrappedKey(
              key,
              PublicKey.of(in.id()),
              AgreementKey.of(in.id()),
              in.raw(WrappedKey.CIPHERTEXT_BYTES));
      if (previous != null && previous.compareTo(w.recipient()) >= 0) {
        throw new MalformedMembershipDataException(
            "wrapped keys not sorted by distinct recipients");
      }
      previous = w.recipient();
      wrapped.add(w);
    }
    return new KeyRotation(key, wrapped);
  }
}
