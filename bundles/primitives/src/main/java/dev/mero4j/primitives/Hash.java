package dev.mero4j.primitives;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A SHA-256 digest. */
public final class Hash extends Bytes32 {
  /** The all-zero hash, used for "nothing" (an empty tree, the genesis parent). */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private Hash(byte[] bytes) {
    super(bytes);
  }

  public static Hash of(byte[] bytes) {
    return new Hash(bytes);
  }

  public static Hash fromHex(String text) {
    return new Hash(Hex.decode(text));
  }

  public static Hash fromBase58(String text) {
    return new Hash(Base58.decode(text));
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return new Hash(digest.digest());
  }

  /** Returns a fresh SHA-256 {@link MessageDigest}; every JDK has one. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
