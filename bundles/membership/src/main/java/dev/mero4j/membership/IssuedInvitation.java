package dev.mero4j.membership;

import dev.mero4j.membership.internal.LongBase58;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.PrimitiveException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An invitation together with its single-use secret (empty for a key-bound invitation): what {@code
 * context invite} prints and {@code context join} reads, as base58 of {@code u8 version=1 ‖ bytes
 * invitation ‖ bytes secret}. The text is a bearer credential.
 */
public record IssuedInvitation(Invitation invitation, Optional<byte[]> secret) {
  private static final int VERSION = 1;

  /** Largest secret accepted in a text; issued secrets have 16 bytes. */
  public static final int MAX_SECRET_BYTES = 64;

  public IssuedInvitation {
    secret = secret.map(byte[]::clone);
  }

  public String toText() {
    byte[] bytes =
        new BinaryWriter(300)
            .version(VERSION)
            .bytes(invitation.encode())
            .bytes(secret.orElse(new byte[0]))
            .toByteArray();
    return LongBase58.encode(bytes);
  }

  public static IssuedInvitation parse(String text) {
    try {
      BinaryReader in = new BinaryReader(LongBase58.decode(text.strip()));
      in.version("invitation text", VERSION);
      Invitation invitation = Invitation.decode(in.bytes(512));
      byte[] secret = in.bytes(MAX_SECRET_BYTES);
      in.expectEnd();
      return new IssuedInvitation(
          invitation, secret.length == 0 ? Optional.empty() : Optional.of(secret));
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException("malformed invitation text: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IssuedInvitation i
        && invitation.equals(i.invitation)
        && Arrays.equals(secret.orElse(null), i.secret.orElse(null));
  }

  @Override
  public int hashCode() {
    return invitation.hashCode();
  }

  @Override
  public String toString() {
    return "IssuedInvitation[" + invitation.id() + "]";
  }
}
