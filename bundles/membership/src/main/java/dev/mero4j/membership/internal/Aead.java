package dev.mero4j.membership.internal;

import dev.mero4j.membership.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag on the JDK provider; callers make nonces unique
 * per key (a key and nonce used twice is refused loudly, never retried).
 */
public final class Aead {
  /** Nonce length in bytes. */
  public static final int NONCE_BYTES = 12;

  /** Authentication tag length in bytes. */
  public static final int TAG_BYTES = 16;

  /** Key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** Cipher lookup costs more than a small seal; each thread re-initialises its own instance. */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Aead::newCipher);

  private Aead() {}

  /**
   * Encrypts under a key and nonce the caller never used together before.
   *
   * @throws IllegalStateException when the JDK's guard sees this key and nonce encrypt twice in a
   *     row on this thread: a nonce construction is broken, so nothing is sealed
   */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("AES-GCM key and nonce reuse refused: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Encrypts under a key that seals exactly this one message (a key-wrapping KEK derived from a
   * fresh ephemeral key), with the zero nonce, on a Cipher of its own: the reuse guard of a shared
   * Cipher has nothing to protect for a single-use key.
   */
  public static byte[] sealOnce(byte[] singleUseKey, byte[] plaintext, byte[] aad) {
    try {
      Cipher cipher = newCipher();
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(checkKey(singleUseKey), "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, new byte[NONCE_BYTES]));
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  private static byte[] checkKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key");
    }
    return key;
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
    // No retry on a fresh Cipher: the JDK's key+nonce reuse guard must stay effective.
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
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
