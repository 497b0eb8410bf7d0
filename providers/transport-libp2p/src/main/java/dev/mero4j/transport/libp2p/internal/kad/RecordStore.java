package dev.mero4j.transport.libp2p.internal.kad;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed records received through PUT_VALUE, validated by {@link SignedRecords}; a record replaces
 * the stored one only when it is better; when full, the least recently written record goes.
 * Thread-safe.
 */
public final class RecordStore {
  private final int max;
  private final Map<ByteBuffer, byte[]> records;

  public RecordStore(int max) {
    this.max = max;
    this.records = new LinkedHashMap<>(16, 0.75f, false);
  }

  /** Validates and stores {@code value}; returns false when the stored one is at least as good. */
  public synchronized boolean put(byte[] key, byte[] value) {
    SignedRecords.Value v = SignedRecords.validate(key, value);
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    byte[] old = records.get(k);
    if (old != null
        && SignedRecords.compare(value, v, old, SignedRecords.validate(key, old)) <= 0) {
      return false;
    }
    records.remove(k);
    if (records.size() >= max) {
      records.remove(records.keySet().iterator().next());
    }
    records.put(k, value.clone());
    return true;
  }

  /** The stored value of {@code key}, or null. */
  public synchronized byte[] get(byte[] key) {
    byte[] v = records.get(ByteBuffer.wrap(key));
    return v == null ? null : v.clone();
  }

  public synchronized int size() {
    return records.size();
  }
}
