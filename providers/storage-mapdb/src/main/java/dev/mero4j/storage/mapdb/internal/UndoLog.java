package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyRanges;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one open snapshot needs to undo: for every key written since the snapshot was taken, the
 * value it had then (or {@link #ABSENT}). Written only under the store's write lock, read only
 * under its read lock.
 */
final class UndoLog {
  /** Marks a key that did not exist when the snapshot was taken; compared by identity. */
  static final byte[] ABSENT = Layers.DELETED;

  private static final NavigableMap<byte[], byte[]> EMPTY =
      Collections.unmodifiableNavigableMap(new TreeMap<>(KeyRanges::compare));

  private final Set<String> keyspaces;
  private final Map<String, NavigableMap<byte[], byte[]>> saved = new HashMap<>();

  UndoLog(Set<String> keyspaces) {
    this.keyspaces = keyspaces;
  }

  /** Whether the keyspace existed when the snapshot was taken. */
  boolean tracks(String keyspace) {
    return keyspaces.contains(keyspace);
  }

  /** Whether the snapshot-time value of {@code key} is already saved. */
  boolean saved(String keyspace, byte[] key) {
    NavigableMap<byte[], byte[]> map = saved.get(keyspace);
    return map != null && map.containsKey(key);
  }

  /** Saves the snapshot-time value; only the first save of a key counts. */
  void save(String keyspace, byte[] key, byte[] previous) {
    saved
        .computeIfAbsent(keyspace, k -> new TreeMap<>(KeyRanges::compare))
        .putIfAbsent(key.clone(), previous == null ? ABSENT : previous);
  }

  /** The saved entries of one keyspace, {@link #ABSENT} values included. */
  NavigableMap<byte[], byte[]> entries(String keyspace) {
    return saved.getOrDefault(keyspace, EMPTY);
  }
}
