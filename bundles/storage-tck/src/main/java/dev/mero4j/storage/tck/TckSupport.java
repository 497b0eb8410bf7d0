package dev.mero4j.storage.tck;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Byte and cursor helpers shared by the storage contract tests. */
public final class TckSupport {
  private static final HexFormat HEX = HexFormat.of();

  private TckSupport() {}

  /** The bytes given as ints, so tests can write {@code bytes(0x7f, 0x80)}. */
  public static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Lower-case hex of {@code bytes}, used to compare key lists readably. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Reads every entry of {@code cursor} and closes it. */
  public static List<KeyValue> drain(KeyValueCursor cursor) {
    try (cursor) {
      List<KeyValue> out = new ArrayList<>();
      cursor.forEachRemaining(out::add);
      return out;
    }
  }

  /** The keys of every entry of {@code cursor} as hex strings, in cursor order. */
  public static List<String> keys(KeyValueCursor cursor) {
    return drain(cursor).stream().map(kv -> hex(kv.key())).toList();
  }
}
