package dev.mero4j.primitives;

import dev.mero4j.primitives.internal.Curve25519;
import java.security.SecureRandom;
import java.util.Arrays;

/** X25519 Diffie-Hellman (RFC 7748, raw 32-byte keys): the one implementation Mero4j uses. */
public final class X25519 {
  /** Length in bytes of private keys, public keys and shared secrets. */
  public static final int KEY_LENGTH = 32;

  private X25519() {}

  /** A fresh private key: 32 random bytes (clamped on use, as RFC 7748 says). */
  public static byte[] generatePrivate(SecureRandom random) {
    byte[] key = new byte[KEY_LENGTH];
    random.nextBytes(key);
    return key;
  }

  /** The public key of {@code privateKey}: X25519(k, 9). */
  public static byte[] publicKey(byte[] privateKey) {
    require(privateKey, "private key");
    return Curve25519.x25519PublicKey(privateKey);
  }

  /**
   * The shared secret X25519(k, u).
   *
   * @throws MalformedEncodingException if a key does not have 32 bytes
   * @throws WeakKeyException if the peer key has small order (the secret would be all zeros)
   */
  public static byte[] agree(byte[] privateKey, byte[] peerPublicKey) {
    require(privateKey, "private key");
    require(peerPublicKey, "public key");
    byte[] shared = new byte[KEY_LENGTH];
    if (!Curve25519.x25519(privateKey, peerPublicKey, shared)) {
      Arrays.fill(shared, (byte) 0);
      throw new WeakKeyException("X25519 peer key of small order");
    }
    return shared;
  }

  private static void require(byte[] key, String what) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new MalformedEncodingException(
          "an X25519 " + what + " has 32 bytes, got " + (key == null ? "null" : key.length));
    }
  }
}
