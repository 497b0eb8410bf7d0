package dev.mero4j.runtime.internal.host;

/** Checks that bytes a guest hands over as JSON are one JSON document in UTF-8. */
final class GuestJson {
  /**
   * Deepest nesting accepted in an app's return or error value: the API server splices these values
   * into its responses and refuses deeper documents from clients, so apps get the same bound.
   */
  static final int MAX_NESTING = 256;

  private GuestJson() {}

  /** Returns {@code bytes} when they are one JSON value in UTF-8; traps the call otherwise. */
  static byte[] require(byte[] bytes, String what) {
    if (!isUtf8(bytes)) {
      throw new AbiViolationException(what + " is not valid UTF-8");
    }
    String reason = JsonGrammar.check(bytes, MAX_NESTING);
    if (reason != null) {
      throw new AbiViolationException(what + " is not JSON: " + reason);
    }
    return bytes;
  }

  /**
   * Whether {@code bytes} are well-formed UTF-8 (no overlong forms, surrogates or code points past
   * U+10FFFF), checked in place: what the JDK's reporting decoder accepts, without decoding.
   */
  static boolean isUtf8(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int lead = bytes[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      int length = sequenceLength(bytes, i, lead & 0xFF);
      if (length == 0) {
        return false;
      }
      i += length;
    }
    return true;
  }

  /** Length of the well-formed multi-byte sequence led by {@code lead} at {@code at}, or 0. */
  private static int sequenceLength(byte[] bytes, int at, int lead) {
    int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (lead < 0xC2 || lead > 0xF4 || at + length > bytes.length) {
      return 0;
    }
    int second = bytes[at + 1] & 0xFF;
    int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) {
      return 0;
    }
    for (int k = 2; k < length; k++) {
      if ((bytes[at + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return length;
  }
}
