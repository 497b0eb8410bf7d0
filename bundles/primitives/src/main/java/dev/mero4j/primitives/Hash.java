package dev.mero4j.primitives;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

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

  /**
   * HMAC-SHA256 (RFC 2104) under {@code key} of the concatenation of {@code parts}, built on {@link
   * MessageDigest} so the API packages need nothing beyond {@code java.security}.
   */
  public static Hash hmacSha256(byte[] key, byte[]... parts) {
    int block = 64;
    byte[] k = Arrays.copyOf(key.length > block ? sha256(key).toBytes() : key, block);
    byte[] inner = new byte[block];
    byte[] outer = new byte[block];
    for (int i = 0; i < block; i++) {
      inner[i] = (byte) (k[i] ^ 0x36);
      outer[i] = (byte) (k[i] ^ 0x5c);
    }
    MessageDigest digest = newDigest();
    digest.update(inner);
    for (byte[] part : parts) {
      digest.update(part);
    }
    return sha256(outer, digest.digest());
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
