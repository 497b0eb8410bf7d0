package dev.mero4j.membership;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.Hex;

/** The content address of an invitation: SHA-256 over its canonical body. */
public final class InvitationId extends Bytes32 {
  private InvitationId(byte[] bytes) {
    super(bytes);
  }

  public static InvitationId of(byte[] bytes) {
    return new InvitationId(bytes);
  }

  public static InvitationId fromHex(String text) {
    return new InvitationId(Hex.decode(text));
  }

  public static InvitationId fromBase58(String text) {
    return new InvitationId(Base58.decode(text));
  }
}
