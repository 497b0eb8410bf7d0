package dev.mero4j.storage.api;

import java.util.Arrays;

/** One stored entry. */
public record KeyValue(byte[] key, byte[] value) {
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "KeyValue[" + key.length + " B -> " + value.length + " B]";
  }
}
