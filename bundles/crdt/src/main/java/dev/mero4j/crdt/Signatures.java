package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.FastEd25519;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;

/**
 * Ed25519 with the engine's fast implementation (the same bytes as {@link KeyPair#sign} and {@link
 * PublicKey#verify}, several times faster), for layers that sign next to every delta.
 */
public final class Signatures {
  private Signatures() {}

  public static Signature sign(KeyPair key, byte[] message) {
    return FastEd25519.sign(key, message);
  }

  /** Verifies; malformed keys or signatures verify as false. */
  public static boolean verify(PublicKey key, byte[] message, Signature signature) {
    return FastEd25519.verify(key, message, signature);
  }
}
