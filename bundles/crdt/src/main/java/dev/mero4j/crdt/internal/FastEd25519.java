package dev.mero4j.crdt.internal;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 over BouncyCastle's RFC 8032 code: the same bytes as the JDK provider, about ten times
 * faster here (≈60 µs to sign, ≈150 µs to verify against ≈1 ms each), which matters at one
 * signature per keystroke.
 */
public final class FastEd25519 {
  private FastEd25519() {}

  public static Signature sign(KeyPair key, byte[] message) {
    byte[] seed = key.seed();
    byte[] signature = new byte[Signature.LENGTH];
    Ed25519.sign(seed, 0, key.publicKey().toBytes(), 0, message, 0, message.length, signature, 0);
    java.util.Arrays.fill(seed, (byte) 0);
    return Signature.of(signature);
  }

  public static boolean verify(PublicKey key, byte[] message, Signature signature) {
    byte[] pk = key.toBytes();
    if (!Ed25519.validatePublicKeyPartial(pk, 0)) {
      return false;
    }
    return Ed25519.verify(signature.toBytes(), 0, pk, 0, message, 0, message.length);
  }
}
