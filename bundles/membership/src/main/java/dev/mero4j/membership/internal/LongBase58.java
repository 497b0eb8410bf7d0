package dev.mero4j.membership.internal;

import dev.mero4j.membership.MalformedMembershipDataException;
import dev.mero4j.primitives.Base58;
import java.math.BigInteger;

/**
 * Base58 (Bitcoin alphabet) for texts longer than the primitives' 256-character id limit, such as
 * invitations; encoding is {@link Base58#encode}, decoding is linear in BigInteger steps.
 */
public final class LongBase58 {
  /**
   * Longest text accepted: an invitation text with its secret and a few addresses is under 1,000
   * characters; this leaves room for the most addresses at their longest.
   */
  public static final int MAX_TEXT_LENGTH = 16 * 1024;

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger BASE = BigInteger.valueOf(58);

  private LongBase58() {}

  public static String encode(byte[] bytes) {
    return Base58.encode(bytes);
  }

  public static byte[] decode(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
      throw new MalformedMembershipDataException(
          "base58 text must have 1.." + MAX_TEXT_LENGTH + " characters");
    }
    BigInteger value = BigInteger.ZERO;
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < text.length(); i++) {
      int digit = ALPHABET.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new MalformedMembershipDataException("invalid base58 character at " + i);
      }
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      value = value.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }
}
