package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A RocksDB {@link Snapshot} and the {@link ReadOptions} that read through it. Keyspaces created
 * after the snapshot read as empty: their writes all carry later sequence numbers.
 */
final class RocksDbSnapshot implements StorageSnapshot, NativeResource {
  private final RocksDbStore store;
  private final Snapshot snapshot;
  private final ReadOptions read;
  private final Guard guard = new Guard("snapshot");
  private final Set<NativeResource> cursors = ConcurrentHashMap.newKeySet();

  /** Call under the store's guard. */
  RocksDbSnapshot(RocksDbStore store, Snapshot snapshot) {
    this.store = store;
    this.snapshot = snapshot;
    this.read = new ReadOptions().setSnapshot(snapshot);
  }

  @Override
  public ReadableKeyspace keyspace(String name) {
    store.guard().check();
    guard.check();
    StorageLimits.checkKeyspace(name);
    return new View(name);
  }

  @Override
  public void close() {
    store.guard().readIfOpen(this::release);
    store.giveBack(this);
  }

  /** Releases the snapshot's cursors, then the snapshot; waits for running reads. */
  @Override
  public void release() {
    guard.close(
        () -> {
          cursors.forEach(NativeResource::release);
          cursors.clear();
          read.close();
          store.releaseSnapshot(snapshot);
        });
  }

  private final class View implements ReadableKeyspace {
    private final String name;

    View(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      StorageLimits.checkKey(key);
      return store
          .guard()
          .read(
              () ->
                  guard.read(
                      () -> {
                        ColumnFamilyHandle handle = store.existingHandle(name);
                        return handle == null
                            ? Optional.empty()
                            : Optional.ofNullable(store.get(handle, read, key));
                      }));
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      return store
          .guard()
          .read(
              () ->
                  guard.read(
                      () -> {
                        ColumnFamilyHandle handle = store.existingHandle(name);
                        if (handle == null) {
                          return new EmptyCursor(store.guard(), guard);
                        }
                        RocksDbCursor cursor =
                            new RocksDbCursor(
                                store, store.iterator(handle, read), from, to, cursors::remove);
                        cursors.add(cursor);
                        return cursor;
                      }));
    }
  }
}
