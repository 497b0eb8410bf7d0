package dev.mero4j.primitives;

/** A raw 32-byte Ed25519 public key (RFC 8032 encoding). */
public final class PublicKey extends Bytes32 {
  private PublicKey(byte[] bytes) {
    super(bytes);
  }

  public static PublicKey of(byte[] bytes) {
    return new PublicKey(bytes);
  }

  public static PublicKey fromBase58(String text) {
    return new PublicKey(Base58.decode(text));
  }

  public static PublicKey fromHex(String text) {
    return new PublicKey(Hex.decode(text));
  }

  /** Verifies an Ed25519 signature by this key over {@code message}. */
  public boolean verify(byte[] message, Signature signature) {
    return Ed25519.verify(this, message, signature);
  }
}
