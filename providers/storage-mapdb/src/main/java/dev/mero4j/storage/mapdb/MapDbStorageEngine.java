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
 * in two copies in the engine directory, in front of which sits a redo log. A write is appended to
 * the log as one CRC-framed record and kept in an in-memory overlay before it is acknowledged;
 * reads see the overlay over the B-trees. A checkpoint (in the background once the overlay holds 4
 * MiB or its oldest write is 1 s old, inline when it holds 16 MiB, and on close) moves the overlay
 * into the files with the mirrored protocol: MapDB 3.1 never replays its own write-ahead log on
 * open, so a kill -9 during a commit can tear its file; the checkpoint therefore writes the primary
 * copy, then the mirror, with a one-byte marker naming the copy in between, and only then drops the
 * log it covered.
 *
 * <pre>
 *  write(batch) ─► validate ─► [write lock] ─► save old values ─► append redo ─► overlay ─► ack
 *                                              into open snapshots   record
 *  checkpoint ─► [write lock] freeze overlay, rotate log ─► primary (marker P) ─► mirror (marker
 *                M) ─► [write lock] drop frozen overlay and old log
 *  open ─► restore the copy the marker names ─► replay the log's intact prefix ─► checkpoint
 * </pre>
 *
 * <p>{@link StorageConfig.Durability#PROCESS_CRASH} never forces files to disk (the OS page cache
 * survives a killed process); {@link StorageConfig.Durability#MACHINE_CRASH} forces each log record
 * before the ack, and the marker, each copy and the log files' directory during a checkpoint. A
 * torn last log record was never acknowledged and is dropped on open; a damaged record followed by
 * more is a {@link dev.mero4j.storage.api.CorruptStorageException}. {@link
 * StorageConfig#cacheBytes()} is ignored: the files are memory-mapped and cached by the OS. Stores
 * written before the redo log open unchanged (no log file means nothing to replay).
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
