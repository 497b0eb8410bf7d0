package dev.mero4j.storage.api;

import java.util.Set;

/**
 * An open ordered key-value store. Single operations through {@link Keyspace} are atomic; a {@link
 * WriteBatch} spanning keyspaces commits all or nothing. Thread-safe.
 */
public interface StorageEngine extends AutoCloseable {
  /**
   * The keyspace called {@code name}, created on first use. Names are 1–64 chars of [a-z0-9._-].
   */
  Keyspace keyspace(String name);

  /** The names of the keyspaces that exist. */
  Set<String> keyspaces();

  /** Applies every operation of {@code batch} atomically; on error none is visible. */
  void write(WriteBatch batch);

  /** A consistent read view that later writes do not change; close it promptly. */
  StorageSnapshot snapshot();

  /** Flushes and releases the store; later calls fail with {@link StorageClosedException}. */
  @Override
  void close();
}
