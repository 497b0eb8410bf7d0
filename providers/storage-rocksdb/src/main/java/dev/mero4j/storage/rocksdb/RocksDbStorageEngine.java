package dev.mero4j.storage.rocksdb;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.rocksdb.internal.RocksDbStore;
import java.util.Set;

/**
 * A durable {@link StorageEngine} on one RocksDB database per directory, with one column family per
 * keyspace (RocksDB's bytewise comparator is the unsigned order the SPI asks for).
 *
 * <pre>
 *  write(batch) ─► validate all ─► create missing column families ─► one RocksDB WriteBatch ─► WAL ─► ack
 *  snapshot()   ─► RocksDB Snapshot + ReadOptions, shared by every view and cursor of the snapshot
 *  range()      ─► RocksIterator (an implicit point-in-time view), closed with the cursor
 * </pre>
 *
 * <p>Every write goes through RocksDB's write-ahead log. {@link
 * StorageConfig.Durability#PROCESS_CRASH} hands the log record to the OS before acknowledging (it
 * survives kill -9); {@link StorageConfig.Durability#MACHINE_CRASH} also fsyncs it. {@link
 * StorageConfig#cacheBytes()} sizes the block cache shared by all keyspaces. Closing the engine
 * closes its open cursors and snapshots and frees every native object.
 */
public final class RocksDbStorageEngine implements StorageEngine {
  private final RocksDbStore store;

  private RocksDbStorageEngine(RocksDbStore store) {
    this.store = store;
  }

  /** Opens, creating when absent, the database in {@code config.directory()}. */
  public static RocksDbStorageEngine open(StorageConfig config) {
    return new RocksDbStorageEngine(RocksDbStore.open(config));
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
