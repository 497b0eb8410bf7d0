package dev.mero4j.primitives;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** A SHA-256 digest. */
public final class Hash extends Bytes32 {
  /**
   * One SHA-256 digest per thread, reused by every hash computed here: looking a digest up through
   * the JCA providers costs more than hashing a small delta. Each use resets it first and finishes
   * with {@code digest()} before any other use on the same thread can start, so it is never shared
   * between two computations.
   */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::newDigest);

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
    return new Hash(sha256Bytes(parts));
  }

  /** The 32 bytes of SHA-256 of the concatenation of {@code parts}, a fresh array. */
  public static byte[] sha256Bytes(byte[]... parts) {
    MessageDigest digest = threadDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
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
    MessageDigest digest = threadDigest();
    digest.update(inner);
    for (byte[] part : parts) {
      digest.update(part);
    }
    return sha256(outer, digest.digest());
  }

  /** This thread's digest, reset (a failed earlier use may have left input in it). */
  private static MessageDigest threadDigest() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }

  /**
   * Returns a fresh SHA-256 {@link MessageDigest}; every JDK has one. For a one-off hash use {@link
   * #sha256}, which reuses a digest per thread; this is for a caller that keeps its own.
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
