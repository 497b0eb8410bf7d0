package dev.mero4j.membership.internal;

import dev.mero4j.membership.MalformedMembershipDataException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/** X25519 on the JDK provider with raw RFC 7748 encodings; private keys are 32 random bytes. */
public final class X25519 {
  private static final byte[] BASE_POINT = new byte[32];

  static {
    BASE_POINT[0] = 9;
  }

  private X25519() {}

  /** A fresh 32-byte private key (the JDK clamps it on use). */
  public static byte[] generatePrivate(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  /** The public key of {@code privateKey}: X25519(k, 9). */
  public static byte[] publicKey(byte[] privateKey) {
    return agree(privateKey, BASE_POINT);
  }

  /** The shared secret; an all-zero result (a small-order peer key) is refused. */
  public static byte[] agree(byte[] privateKey, byte[] publicKey) {
    if (privateKey.length != 32 || publicKey.length != 32) {
      throw new MalformedMembershipDataException("X25519 keys have 32 bytes");
    }
    byte[] shared;
    try {
      KeyFactory factory = KeyFactory.getInstance("X25519");
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey)));
      agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey))), true);
      shared = agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new MalformedMembershipDataException("X25519 agreement failed: " + e.getMessage(), e);
    }
    if (Arrays.equals(shared, new byte[32])) {
      throw new MalformedMembershipDataException("X25519 peer key of small order");
    }
    return shared;
  }

  private static BigInteger decodeU(byte[] raw) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = raw[31 - i];
    }
    be[0] &= 0x7F;
    return new BigInteger(1, be);
  }
}
