package dev.mero4j.membership;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.Hex;

/** A member's raw 32-byte X25519 public key (RFC 7748), to which context keys are wrapped. */
public final class AgreementKey extends Bytes32 {
  private AgreementKey(byte[] bytes) {
    super(bytes);
  }

  public static AgreementKey of(byte[] bytes) {
    return new AgreementKey(bytes);
  }

  public static AgreementKey fromHex(String text) {
    return new AgreementKey(Hex.decode(text));
  }

  public static AgreementKey fromBase58(String text) {
    return new AgreementKey(Base58.decode(text));
  }
}
