package dev.mero4j.primitives;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Ed25519 signing and verification on the JDK's provider, with raw RFC 8032 key bytes. */
public final class Ed25519 {
  private Ed25519() {}

  /** Generates a key pair from {@code random}; pass a seeded source for deterministic tests. */
  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return KeyPair.fromSeed(seed);
  }

  /** Derives the public key of a 32-byte private seed. */
  public static PublicKey publicKeyOf(byte[] seed) {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
      EdECPublicKey pub = (EdECPublicKey) generator.generateKeyPair().getPublic();
      return PublicKey.of(encodePoint(pub.getPoint()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  /** Signs {@code message} with a 32-byte private seed. */
  public static Signature sign(byte[] seed, byte[] message) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      EdECPrivateKey key =
          (EdECPrivateKey)
              factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
      java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(message);
      return Signature.of(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Verifies a signature; malformed keys or signatures verify as false, never throw. */
  public static boolean verify(PublicKey key, byte[] message, Signature signature) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      java.security.PublicKey jdkKey =
          factory.generatePublic(
              new EdECPublicKeySpec(NamedParameterSpec.ED25519, decodePoint(key.toBytes())));
      java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
      verifier.initVerify(jdkKey);
      verifier.update(message);
      return verifier.verify(signature.toBytes());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static byte[] encodePoint(EdECPoint point) {
    byte[] bigEndian = point.getY().toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < bigEndian.length && i < 32; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }

  static EdECPoint decodePoint(byte[] raw) {
    boolean xOdd = (raw[31] & 0x80) != 0;
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = raw[31 - i];
    }
    bigEndian[0] &= 0x7f;
    return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
  }

  /** Hands a fixed seed to the JDK key generator, which reads exactly 32 bytes. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
