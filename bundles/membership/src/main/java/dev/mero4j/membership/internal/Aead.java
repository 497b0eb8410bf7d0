package dev.mero4j.membership.internal;

import dev.mero4j.membership.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a 96-bit nonce and a 128-bit tag on the JDK provider. */
public final class Aead {
  /** Nonce length in bytes; random nonces of this size are safe for 2^32 messages per key. */
  public static final int NONCE_BYTES = 12;

  /** Authentication tag length in bytes. */
  public static final int TAG_BYTES = 16;

  /** Key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** Cipher lookup costs more than a small seal; each thread re-initialises its own instance. */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Aead::newCipher);

  private Aead() {}

  public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts and authenticates; any alteration is a {@link DecryptionFailedException}. */
  public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException(
          "authentication tag mismatch: ciphertext or associated data altered", e);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException("AES-GCM decryption failed: " + e.getMessage(), e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key and a 12-byte nonce");
    }
    Cipher cipher = CIPHERS.get();
    GCMParameterSpec spec = new GCMParameterSpec(TAG_BYTES * 8, nonce);
    try {
      cipher.init(mode, new SecretKeySpec(key, "AES"), spec);
    } catch (InvalidAlgorithmParameterException e) {
      // GCM refuses to encrypt twice under one key and nonce on the same object; a fresh one
      // decides.
      cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, new SecretKeySpec(key, "AES"), spec);
    }
    cipher.updateAAD(aad);
    return cipher;
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides no " + TRANSFORMATION, e);
    }
  }
}
