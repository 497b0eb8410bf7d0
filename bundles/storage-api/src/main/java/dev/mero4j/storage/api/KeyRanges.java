package dev.mero4j.storage.api;

import java.util.Arrays;

/** Helpers for unsigned lexicographic key ranges. */
public final class KeyRanges {
  private KeyRanges() {}

  /**
   * The smallest key greater than every key starting with {@code prefix}, or null when no such key
   * exists (an empty prefix or one made only of 0xFF bytes).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** Compares keys as unsigned bytes, the order every provider uses. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
