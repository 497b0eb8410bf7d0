package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.transport.api.ProtocolViolationException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 key pairs and Diffie-Hellman on the JDK provider, with raw RFC 7748 byte encodings. */
final class X25519 {
  /** A raw key pair: 32-byte private scalar and 32-byte public u-coordinate. */
  record Keys(byte[] privateKey, byte[] publicKey) {}

  private X25519() {}

  static Keys generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
      generator.initialize(NamedParameterSpec.X25519, random);
      java.security.KeyPair kp = generator.generateKeyPair();
      byte[] priv = ((XECPrivateKey) kp.getPrivate()).getScalar().orElseThrow();
      return new Keys(priv, encodeU(((XECPublicKey) kp.getPublic()).getU()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519", e);
    }
  }

  static byte[] dh(byte[] privateKey, byte[] publicKey) {
    try {
      KeyFactory factory = KeyFactory.getInstance("X25519");
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey)));
      agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey))), true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new ProtocolViolationException("X25519 agreement failed (bad public key?)", e);
    }
  }

  private static byte[] encodeU(BigInteger u) {
    byte[] be = u.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static BigInteger decodeU(byte[] raw) {
    if (raw.length != 32) {
      throw new ProtocolViolationException("X25519 public key of " + raw.length + " bytes");
    }
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = raw[31 - i];
    }
    be[0] &= 0x7F;
    return new BigInteger(1, be);
  }
}
