package dev.mero4j.node.internal.swap;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only engine over a snapshot, so a context can be reopened from a store without changing
 * it.
 */
final class SnapshotEngine implements StorageEngine {
  private final StorageSnapshot snapshot;
  private final Set<String> keyspaces;

  SnapshotEngine(StorageSnapshot snapshot, Set<String> keyspaces) {
    this.snapshot = snapshot;
    this.keyspaces = Set.copyOf(keyspaces);
  }

  @Override
  public Keyspace keyspace(String name) {
    return new Keyspace() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void put(byte[] key, byte[] value) {
        throw readOnly();
      }

      @Override
      public void delete(byte[] key) {
        throw readOnly();
      }

      @Override
      public Optional<byte[]> get(byte[] key) {
        return snapshot.keyspace(name).get(key);
      }

      @Override
      public KeyValueCursor range(byte[] from, byte[] to) {
        return snapshot.keyspace(name).range(from, to);
      }
    };
  }

  @Override
  public Set<String> keyspaces() {
    return keyspaces;
  }

  @Override
  public void write(WriteBatch batch) {
    throw readOnly();
  }

  @Override
  public StorageSnapshot snapshot() {
    throw readOnly();
  }

  /** The snapshot belongs to the caller, who closes it. */
  @Override
  public void close() {}

  private static StorageException readOnly() {
    return new StorageException("a store being verified is read-only");
  }
}
