package dev.mero4j.primitives;

/** Lower-case hexadecimal encoding. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  public static byte[] decode(String text) {
    if (text == null || text.length() % 2 != 0) {
      throw new MalformedEncodingException("hex text must have an even length");
    }
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(text.charAt(2 * i), 16);
      int lo = Character.digit(text.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new MalformedEncodingException("not a hex digit at offset " + (2 * i));
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
