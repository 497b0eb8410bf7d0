package dev.mero4j.storage.api;

import java.util.Optional;

/** A named, ordered map of byte keys to byte values inside one {@link StorageEngine}. */
public interface Keyspace extends ReadableKeyspace {
  /** Stores {@code value} under {@code key}, durably once the call returns. */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; removing an absent key is not an error. */
  void delete(byte[] key);

  /** The value under {@code key}. */
  @Override
  Optional<byte[]> get(byte[] key);
}
