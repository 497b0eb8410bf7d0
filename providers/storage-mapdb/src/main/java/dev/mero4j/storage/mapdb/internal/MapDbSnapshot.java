package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyRanges;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot that reads the live B-trees through its {@link UndoLog}: a key the log holds is read
 * from the log, any other key from the live map. Reads run under the store's read lock, so no write
 * is half applied while they look.
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
          return Optional.ofNullable(store.map(keyspace).get(key));
        });
  }

  /** Merges the live range with the saved entries, the saved ones winning on equal keys. */
  private List<KeyValue> read(String keyspace, byte[] from, boolean inclusive, byte[] to, int max) {
    return store.readLocked(
        () -> {
          lifecycle.check();
          List<KeyValue> chunk = new ArrayList<>(Math.min(max, 64));
          if (!undo.tracks(keyspace)) {
            return chunk;
          }
          Iterator<Map.Entry<byte[], byte[]>> live =
              RangeViews.view(store.map(keyspace), from, inclusive, to).entrySet().iterator();
          Iterator<Map.Entry<byte[], byte[]>> saved =
              RangeViews.view(undo.entries(keyspace), from, inclusive, to).entrySet().iterator();
          Map.Entry<byte[], byte[]> l = next(live);
          Map.Entry<byte[], byte[]> s = next(saved);
          while (chunk.size() < max && (l != null || s != null)) {
            int order = l == null ? 1 : s == null ? -1 : KeyRanges.compare(l.getKey(), s.getKey());
            if (order < 0) {
              chunk.add(new KeyValue(l.getKey(), l.getValue()));
              l = next(live);
            } else {
              if (s.getValue() != UndoLog.ABSENT) {
                chunk.add(new KeyValue(s.getKey().clone(), s.getValue().clone()));
              }
              if (order == 0) {
                l = next(live);
              }
              s = next(saved);
            }
          }
          return chunk;
        });
  }

  private static Map.Entry<byte[], byte[]> next(Iterator<Map.Entry<byte[], byte[]>> it) {
    return it.hasNext() ? it.next() : null;
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
