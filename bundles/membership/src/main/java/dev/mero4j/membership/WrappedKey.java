package dev.mero4j.membership;

import dev.mero4j.primitives.PublicKey;
import java.util.Arrays;

/**
 * A context key encrypted to one member: {@code ciphertext} = AES-256-GCM of the 32-byte key under
 * HKDF-SHA256(X25519(ephemeral, recipient's agreement key)); see {@link ContextKeys#wrap}.
 */
public record WrappedKey(
    KeyId key, PublicKey recipient, AgreementKey ephemeral, byte[] ciphertext) {
  /** Length of a wrapped 32-byte key: the key plus the GCM tag. */
  public static final int CIPHERTEXT_BYTES = 48;

  public WrappedKey {
    if (ciphertext.length != CIPHERTEXT_BYTES) {
      throw new MalformedMembershipDataException(
          "a wrapped key has " + CIPHERTEXT_BYTES + " bytes");
    }
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w
        && key.equals(w.key)
        && recipient.equals(w.recipient)
        && ephemeral.equals(w.ephemeral)
        && Arrays.equals(ciphertext, w.ciphertext);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + recipient.hashCode();
  }

  @Override
  public String toString() {
    return "WrappedKey[" + key + " for " + recipient + "]";
  }
}
