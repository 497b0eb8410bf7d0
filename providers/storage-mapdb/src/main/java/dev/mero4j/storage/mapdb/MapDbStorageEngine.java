package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.internal.MapDbStore;
import java.util.Set;

/**
 * A durable {@link StorageEngine} on MapDB 3 B-trees (one per keyspace, unsigned byte order) kept
 * in two copies in the engine directory. MapDB 3.1 never replays its own write-ahead log on open,
 * so a kill -9 during a transactional commit can tear its file; this engine therefore writes every
 * put, delete and batch to the primary copy, then to the mirror, with a one-byte marker saying
 * which copy is in between. On open after a crash the torn copy is restored from the other one, so
 * every acknowledged write survives a kill -9 and no batch survives in part.
 *
 * <pre>
 *  write(batch) ─► validate all ─► [write lock] ─► save old values ─► primary ─► mirror ─► ack
 *                                                  into open snapshots  (marker P)  (marker M)
 *  snapshot.get(k) ─► [read lock] ─► saved by this snapshot? ─► saved value : live value
 * </pre>
 *
 * <p>{@link StorageConfig.Durability#PROCESS_CRASH} never forces files to disk (the OS page cache
 * survives a killed process); {@link StorageConfig.Durability#MACHINE_CRASH} forces the marker and
 * each copy before moving on. {@link StorageConfig#cacheBytes()} is ignored: the files are
 * memory-mapped and cached by the OS. The price of the mirror is twice the disk space and two
 * B-tree updates per write; reads touch the primary only.
 */
public final class MapDbStorageEngine implements StorageEngine {
  private final MapDbStore store;

  private MapDbStorageEngine(MapDbStore store) {
    this.store = store;
  }

  /** Opens, creating when absent, the store in {@code config.directory()}. */
  public static MapDbStorageEngine open(StorageConfig config) {
    return new MapDbStorageEngine(MapDbStore.open(config));
  }

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
    store.write(batch.operations());
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
