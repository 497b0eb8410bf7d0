package dev.mero4j.primitives;

import dev.mero4j.primitives.internal.Curve25519;
import java.security.SecureRandom;

/**
 * Ed25519 signing and verification (RFC 8032, raw key bytes): the one implementation Mero4j uses.
 */
public final class Ed25519 {
  /** Length in bytes of a private seed. */
  public static final int SEED_LENGTH = 32;

  private Ed25519() {}

  /** Generates a key pair from {@code random}; pass a seeded source for deterministic tests. */
  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return KeyPair.fromSeed(seed);
  }

  /** Derives the public key of a 32-byte private seed. */
  public static PublicKey publicKeyOf(byte[] seed) {
    requireSeed(seed);
    return PublicKey.of(Curve25519.ed25519PublicKey(seed));
  }

  /** Signs {@code message} with a 32-byte private seed; {@link KeyPair#sign} is faster. */
  public static Signature sign(byte[] seed, byte[] message) {
    requireSeed(seed);
    return sign(seed, Curve25519.ed25519PublicKey(seed), message);
  }

  static Signature sign(byte[] seed, byte[] publicKey, byte[] message) {
    return Signature.of(Curve25519.ed25519Sign(seed, publicKey, message));
  }

  /** Verifies a signature; malformed keys or signatures verify as false, never throw. */
  public static boolean verify(PublicKey key, byte[] message, Signature signature) {
    return Curve25519.ed25519Verify(key, message, signature.toBytes());
  }

  static void requireSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_LENGTH) {
      throw new MalformedEncodingException("an Ed25519 seed has 32 bytes");
    }
  }
}
