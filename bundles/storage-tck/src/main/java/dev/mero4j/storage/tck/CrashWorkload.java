package dev.mero4j.storage.tck;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The batches the crash test writes: batch n puts 1..8 keys spread over two keyspaces. */
final class CrashWorkload {
  static final String EVEN = "even";
  static final String ODD = "odd";

  private CrashWorkload() {}

  static int keysIn(long batch) {
    return 1 + (int) (batch % 8);
  }

  static String keyspaceOf(int index) {
    return index % 2 == 0 ? EVEN : ODD;
  }

  /** 8 bytes of batch number then one byte of key index, so keys sort by batch. */
  static byte[] key(long batch, int index) {
    return ByteBuffer.allocate(9).putLong(batch).put((byte) index).array();
  }

  static long batchOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  static int indexOf(byte[] key) {
    return key[8];
  }

  static byte[] value(long batch, int index) {
    return ("batch " + batch + " key " + index + " ").repeat(4).getBytes(StandardCharsets.UTF_8);
  }
}
