package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.primitives.X25519;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The identity a node holds in one context: an Ed25519 signing key (author of deltas and governance
 * ops) and a separate X25519 agreement key (receives wrapped context keys). Both are independent of
 * the node's transport key; {@link #toString} never shows a secret.
 */
public final class MemberIdentity {
  private static final int VERSION = 1;

  private final KeyPair signing;
  private final byte[] agreementPrivate;
  private final AgreementKey agreementKey;

  private MemberIdentity(KeyPair signing, byte[] agreementPrivate) {
    this.signing = signing;
    this.agreementPrivate = agreementPrivate.clone();
    this.agreementKey = AgreementKey.of(X25519.publicKey(agreementPrivate));
  }

  public static MemberIdentity generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new MemberIdentity(KeyPair.fromSeed(seed), X25519.generatePrivate(random));
  }

  /** An identity around an existing signing key (such as a context record's member key). */
  public static MemberIdentity of(KeyPair signing, byte[] agreementPrivate) {
    if (agreementPrivate.length != 32) {
      throw new MalformedMembershipDataException("an X25519 private key has 32 bytes");
    }
    return new MemberIdentity(signing, agreementPrivate);
  }

  public PublicKey publicKey() {
    return signing.publicKey();
  }

  public AgreementKey agreementKey() {
    return agreementKey;
  }

  public KeyPair signingKey() {
    return signing;
  }

  public Signature sign(byte[] message) {
    return signing.sign(message);
  }

  /** X25519 with this identity's private agreement key. */
  byte[] agree(byte[] peerPublic) {
    return agree(agreementPrivate, peerPublic);
  }

  /** X25519; a peer key that is malformed or of small order is malformed membership data. */
  static byte[] agree(byte[] privateKey, byte[] peerPublic) {
    try {
      return X25519.agree(privateKey, peerPublic);
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException(e.getMessage(), e);
    }
  }

  /** The secret form, for storage encrypted at rest or in a 0600 file: never log it. */
  public byte[] toSecretBytes() {
    return new BinaryWriter(80)
        .version(VERSION)
        .raw(signing.seed())
        .raw(agreementPrivate)
        .toByteArray();
  }

  public static MemberIdentity fromSecretBytes(byte[] bytes) {
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("member identity", VERSION);
      KeyPair signing = KeyPair.fromSeed(in.raw(32));
      byte[] agreement = in.raw(32);
      in.expectEnd();
      return new MemberIdentity(signing, agreement);
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException("malformed member identity: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberIdentity m
        && signing.equals(m.signing)
        && Arrays.equals(agreementPrivate, m.agreementPrivate);
  }

  @Override
  public int hashCode() {
    return signing.hashCode();
  }

  @Override
  public String toString() {
    return "MemberIdentity[" + signing.publicKey() + "]";
  }
}
