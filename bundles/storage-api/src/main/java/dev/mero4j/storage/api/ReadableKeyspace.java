package dev.mero4j.storage.api;

import java.util.Optional;

/** Read operations shared by live keyspaces and snapshots. */
public interface ReadableKeyspace {
  /** The name of this keyspace. */
  String name();

  /** The value stored under {@code key}, if any. */
  Optional<byte[]> get(byte[] key);

  /**
   * Entries with {@code from <= key < to} in ascending unsigned byte order. A null bound is open.
   * Close the cursor when done.
   */
  KeyValueCursor range(byte[] from, byte[] to);

  /** Entries whose key starts with {@code prefix}, ascending. */
  default KeyValueCursor prefix(byte[] prefix) {
    return range(prefix, KeyRanges.prefixEnd(prefix));
  }
}
