package dev.mero4j.primitives.internal;

import dev.mero4j.primitives.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) and X25519 (RFC 7748) on BouncyCastle's constant-time field code, about ten
 * times faster than the JDK 17 providers, which matters at one signature per keystroke and per
 * gossip message.
 */
public final class Curve25519 {
  /**
   * Decoded Ed25519 public keys kept for verification (decoding is a field inversion); the members
   * and peers a node hears from are few, so the map simply restarts when a flood of keys fills it.
   */
  private static final int MAX_CACHED_POINTS = 4096;

  private static final Map<PublicKey, Ed25519.PublicPoint> POINTS = new ConcurrentHashMap<>();

  static {
    Ed25519.precompute();
    X25519.precompute();
  }

  private Curve25519() {}

  /** The 32-byte public key of a 32-byte Ed25519 private seed. */
  public static byte[] ed25519PublicKey(byte[] seed) {
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  /** The 64-byte signature of {@code message} by a seed whose public key the caller knows. */
  public static byte[] ed25519Sign(byte[] seed, byte[] publicKey, byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /** True when a 64-byte signature verifies; a key that is no curve point verifies as false. */
  public static boolean ed25519Verify(PublicKey key, byte[] message, byte[] signature) {
    Ed25519.PublicPoint point = POINTS.get(key);
    if (point == null) {
      point = Ed25519.validatePublicKeyPartialExport(key.toBytes(), 0);
      if (point == null) {
        return false;
      }
      if (POINTS.size() >= MAX_CACHED_POINTS) {
        POINTS.clear();
      }
      POINTS.put(key, point);
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  /** X25519(k, 9): the public key of a 32-byte private key (clamped here, as RFC 7748 says). */
  public static byte[] x25519PublicKey(byte[] privateKey) {
    byte[] publicKey = new byte[X25519.POINT_SIZE];
    X25519.scalarMultBase(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  /** X25519(k, u) into {@code out}; false when the result is all zeros (u of small order). */
  public static boolean x25519(byte[] privateKey, byte[] publicKey, byte[] out) {
    return X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0);
  }
}
