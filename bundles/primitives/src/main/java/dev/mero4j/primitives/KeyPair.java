package dev.mero4j.primitives;

import java.util.Arrays;

/** An Ed25519 identity: a 32-byte private seed and its public key. */
public final class KeyPair {
  private final byte[] seed;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed, PublicKey publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  public static KeyPair fromSeed(byte[] seed) {
    Ed25519.requireSeed(seed);
    return new KeyPair(seed.clone(), Ed25519.publicKeyOf(seed));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Returns a copy of the private seed; handle with care. */
  public byte[] seed() {
    return seed.clone();
  }

  public Signature sign(byte[] message) {
    return Ed25519.sign(seed, publicKey.toBytes(), message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair k && Arrays.equals(seed, k.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "KeyPair[" + publicKey + "]";
  }
}
