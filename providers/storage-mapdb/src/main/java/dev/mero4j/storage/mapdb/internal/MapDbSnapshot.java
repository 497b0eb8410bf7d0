package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot that reads the live view (unflushed writes over the B-trees) through its {@link
 * UndoLog}: a key the undo log holds is read from it, any other key from the live view. Reads run
 * under the store's read lock, so no write is half applied while they look.
 */
final class MapDbSnapshot implements StorageSnapshot {
  private final MapDbStore store;
  private final UndoLog undo;
  private final Lifecycle lifecycle = new Lifecycle("snapshot");

  MapDbSnapshot(MapDbStore store, UndoLog undo) {
    this.store = store;
    this.undo = undo;
  }

  @Override
  public ReadableKeyspace keyspace(String name) {
    lifecycle.check();
    store.lifecycle().check();
    StorageLimits.checkKeyspace(name);
    return new View(name);
  }

  @Override
  public void close() {
    if (lifecycle.close()) {
      store.release(undo);
    }
  }

  private Optional<byte[]> get(String keyspace, byte[] key) {
    return store.readLocked(
        () -> {
          lifecycle.check();
          if (!undo.tracks(keyspace)) {
            return Optional.empty();
          }
          byte[] saved = undo.entries(keyspace).get(key);
          if (saved != null) {
            return saved == UndoLog.ABSENT ? Optional.empty() : Optional.of(saved.clone());
          }
          return Optional.ofNullable(store.liveValue(keyspace, key)).map(byte[]::clone);
        });
  }

  /** Merges the live range with the saved entries, the saved ones winning on equal keys. */
  private List<KeyValue> read(String keyspace, byte[] from, boolean inclusive, byte[] to, int max) {
    return store.readLocked(
        () -> {
          lifecycle.check();
          if (!undo.tracks(keyspace)) {
            return List.of();
          }
          return store.liveRange(keyspace, undo.entries(keyspace), from, inclusive, to, max);
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
      return MapDbSnapshot.this.get(name, key);
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      lifecycle.check();
      return new ChunkedCursor(
          (f, incl, t, max) -> read(name, f, incl, t, max), from, to, lifecycle, store.lifecycle());
    }
  }
}
