package dev.mero4j.membership;

import dev.mero4j.membership.InvalidInvitationException.Reason;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's answer to a {@link JoinRequest}: the whole governance log (causal order, ending with
 * the joiner's MemberAdded) and every context key wrapped to the joiner, or a typed refusal.
 *
 * <pre>
 *   u8 version=1 ‖ u8 status
 *   status 0 (accepted): varint n ‖ bytes op × n ‖ varint m ‖ (keyId ‖ ephemeral ‖ ciphertext(48)) × m
 *   status 1 (refused):  u8 reason ‖ string message
 * </pre>
 */
public sealed interface JoinResponse {
  int VERSION = 1;

  /** Most ops in one response; a larger log is served in pieces by governance sync. */
  int MAX_OPS = 65_536;

  int MAX_MESSAGE_BYTES = 1024;

  /** Joined: the log to apply and the key ring to unwrap. */
  record Accepted(List<SignedGovernanceOp> log, List<WrappedKey> keys) implements JoinResponse {
    public Accepted {
      log = List.copyOf(log);
      keys = List.copyOf(keys);
    }
  }

  /** Refused with the invitation's culprit. */
  record Refused(Reason reason, String message) implements JoinResponse {
    /** The typed exception this refusal stands for. */
    public InvalidInvitationException toException() {
      return InvalidInvitationException.of(reason, message);
    }
  }

  default byte[] encode() {
    BinaryWriter out = new BinaryWriter(1024).version(VERSION);
    if (this instanceof Accepted a) {
      out.u8(0).varint(a.log().size());
      a.log().forEach(op -> out.bytes(op.encode()));
      out.varint(a.keys().size());
      a.keys().forEach(k -> out.id(k.key()).id(k.ephemeral()).raw(k.ciphertext()));
    } else if (this instanceof Refused r) {
      String message = r.message().length() > 256 ? r.message().substring(0, 256) : r.message();
      out.u8(1).u8(r.reason().code()).string(message);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a response addressed to {@code joiner} (the wrapped keys name no recipient on the
   * wire).
   */
  static JoinResponse decode(byte[] bytes, PublicKey joiner) {
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("join response", VERSION);
      int status = in.u8();
      JoinResponse response;
      if (status == 0) {
        int n = in.length(MAX_OPS);
        List<SignedGovernanceOp> log = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          log.add(SignedGovernanceOp.decode(in.bytes(SignedGovernanceOp.MAX_BYTES)));
        }
        int m = in.length(MAX_OPS);
        List<WrappedKey> keys = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
          keys.add(
              new WrappedKey(
                  KeyId.of(in.id()),
                  joiner,
                  AgreementKey.of(in.id()),
                  in.raw(WrappedKey.CIPHERTEXT_BYTES)));
        }
        response = new Accepted(log, keys);
      } else if (status == 1) {
        response = new Refused(Reason.ofCode(in.u8()), in.string(MAX_MESSAGE_BYTES));
      } else {
        throw new MalformedMembershipDataException("unknown join response status " + status);
      }
      in.expectEnd();
      return response;
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException("malformed join response: " + e.getMessage(), e);
    }
  }
}
