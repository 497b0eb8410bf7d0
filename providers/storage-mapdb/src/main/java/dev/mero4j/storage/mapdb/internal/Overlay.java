package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyRanges;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acknowledged writes that are in the redo log but not yet in the B-tree files: per keyspace
 * the latest value of each written key, {@link Layers#DELETED} for a delete. Changed only under the
 * store's write lock, read under its read lock.
 */
final class Overlay {
  /** Bookkeeping per entry on top of its bytes (tree node, key and value headers). */
  private static final long ENTRY_OVERHEAD = 96;

  private static final NavigableMap<byte[], byte[]> EMPTY =
      Collections.unmodifiableNavigableMap(new TreeMap<>(KeyRanges::compare));

  private final Map<String, NavigableMap<byte[], byte[]>> keyspaces = new HashMap<>();
  private long firstWriteNanos;
  private long bytes;
  private long batches;

  /** Records one batch; later operations on a key replace earlier ones. */
  void apply(List<Operation> operations) {
    if (batches == 0) {
      firstWriteNanos = System.nanoTime();
    }
    for (Operation op : operations) {
      byte[] value = op.isDelete() ? Layers.DELETED : op.value();
      byte[] old =
          keyspaces
              .computeIfAbsent(op.keyspace(), k -> new TreeMap<>(KeyRanges::compare))
              .put(op.key(), value);
      bytes += value.length + (old == null ? op.key().length + ENTRY_OVERHEAD : -old.length);
    }
    batches++;
  }

  /** The written value, {@link Layers#DELETED}, or null when this overlay has no say. */
  byte[] get(String keyspace, byte[] key) {
    NavigableMap<byte[], byte[]> map = keyspaces.get(keyspace);
    return map == null ? null : map.get(key);
  }

  NavigableMap<byte[], byte[]> entries(String keyspace) {
    return keyspaces.getOrDefault(keyspace, EMPTY);
  }

  Map<String, NavigableMap<byte[], byte[]>> all() {
    return keyspaces;
  }

  boolean isEmpty() {
    return batches == 0;
  }

  /** Approximate heap held by the entries. */
  long bytes() {
    return bytes;
  }

  /** How long the oldest write has waited for a checkpoint; 0 when empty. */
  long ageNanos() {
    return batches == 0 ? 0 : System.nanoTime() - firstWriteNanos;
  }
}
