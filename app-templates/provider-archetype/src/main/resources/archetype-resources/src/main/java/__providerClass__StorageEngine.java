package ${package};

import ${package}.internal.MapStore;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.Set;

/**
 * The ${providerName} {@link StorageEngine}. It starts as sorted in-memory maps that pass the storage
 * TCK; move {@link MapStore} onto your storage technology and keep the TCK green.
 */
public final class ${providerClass}StorageEngine implements StorageEngine {
  private final MapStore store = new MapStore();

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
