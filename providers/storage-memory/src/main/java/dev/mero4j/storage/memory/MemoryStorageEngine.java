package dev.mero4j.storage.memory;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.memory.internal.MemoryStore;
import java.util.Set;

/**
 * A {@link StorageEngine} on one {@link java.util.concurrent.ConcurrentSkipListMap} per keyspace.
 * Snapshots copy the maps; writes are serialized so that readers never see half a batch.
 */
public final class MemoryStorageEngine implements StorageEngine {
  private final MemoryStore store = new MemoryStore();

  @Override
  public Keyspace keyspace(String name) {
    return store.keyspace(name);
  }

  @Override
  public Set<String> keyspaces() {
    return store.keyspaces();
  }

  @Override
  public void write(WriteBatch batch) {
    store.write(batch);
  }

  @Override
  public StorageSnapshot snapshot() {
    return store.snapshot();
  }

  @Override
  public void close() {
    store.close();
  }
}
