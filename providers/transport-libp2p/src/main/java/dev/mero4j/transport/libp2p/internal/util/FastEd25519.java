package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 on BouncyCastle's RFC 8032 code, an order of magnitude faster than the JDK 17 provider
 * (which costs milliseconds per signature); gossip signs and verifies every message.
 */
public final class FastEd25519 {
  /** Decoded public keys kept for verification; peers are few, so this stays small. */
  private static final int MAX_CACHED_KEYS = 4096;

  private static final Map<PublicKey, Ed25519.PublicPoint> POINTS = new ConcurrentHashMap<>();

  static {
    Ed25519.precompute();
  }

  private final byte[] seed;
  private final byte[] publicKey;

  /** A signer for one identity. */
  public FastEd25519(KeyPair identity) {
    this.seed = identity.seed();
    this.publicKey = identity.publicKey().toBytes();
  }

  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** Verifies; malformed keys or signatures verify as false. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519.PublicPoint point = POINTS.get(key);
    if (point == null) {
      point = Ed25519.validatePublicKeyPartialExport(key.toBytes(), 0);
      if (point == null) {
        return false;
      }
      if (POINTS.size() >= MAX_CACHED_KEYS) {
        POINTS.clear();
      }
      POINTS.put(key, point);
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }
}
