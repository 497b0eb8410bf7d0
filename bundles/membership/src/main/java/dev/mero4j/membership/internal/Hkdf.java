package dev.mero4j.membership.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) on the JDK's HmacSHA256. */
public final class Hkdf {
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** Extract-then-expand: {@code length} bytes of output keying material. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    if (length <= 0 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF output length " + length);
    }
    byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    for (int i = 1, offset = 0; offset < length; i++) {
      byte[] input = new byte[block.length + info.length + 1];
      System.arraycopy(block, 0, input, 0, block.length);
      System.arraycopy(info, 0, input, block.length, info.length);
      input[input.length - 1] = (byte) i;
      block = hmac(prk, input);
      int n = Math.min(HASH_LEN, length - offset);
      System.arraycopy(block, 0, out, offset, n);
      offset += n;
    }
    return out;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }
}
