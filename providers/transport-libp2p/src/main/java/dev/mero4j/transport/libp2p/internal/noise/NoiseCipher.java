package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.transport.api.ProtocolViolationException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState: ChaCha20-Poly1305 under one key with a 64-bit little-endian counter nonce.
 */
final class NoiseCipher {
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  private long counter;

  NoiseCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks ChaCha20-Poly1305", e);
    }
  }

  private IvParameterSpec nextNonce() {
    if (counter == -1L) {
      throw new ProtocolViolationException("noise nonce exhausted");
    }
    long n = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
    return new IvParameterSpec(nonce);
  }

  byte[] encrypt(byte[] ad, byte[] plaintext, int offset, int length) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(plaintext, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  byte[] decrypt(byte[] ad, byte[] ciphertext, int offset, int length) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(ciphertext, offset, length);
    } catch (AEADBadTagException e) {
      throw new ProtocolViolationException("noise message failed authentication", e);
    } catch (GeneralSecurityException e) {
      throw new ProtocolViolationException("noise decryption failed", e);
    }
  }
}
