package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.util.List;
import java.util.Optional;

/** The live view of one keyspace of a {@link MapDbStore}. */
final class MapDbKeyspace implements Keyspace {
  private final MapDbStore store;
  private final String name;

  MapDbKeyspace(MapDbStore store, String name) {
    this.store = store;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    StorageLimits.checkKey(key);
    StorageLimits.checkValue(value);
    store.write(List.of(new Operation(name, key.clone(), value.clone())));
  }

  @Override
  public void delete(byte[] key) {
    StorageLimits.checkKey(key);
    store.write(List.of(new Operation(name, key.clone(), null)));
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    StorageLimits.checkKey(key);
    return store.readLocked(
        () -> Optional.ofNullable(store.liveValue(name, key)).map(byte[]::clone));
  }

  /** Weakly consistent across chunks: a long live scan may see writes made while it runs. */
  @Override
  public KeyValueCursor range(byte[] from, byte[] to) {
    store.lifecycle().check();
    return new ChunkedCursor(this::read, from, to, store.lifecycle());
  }

  private List<KeyValue> read(byte[] from, boolean inclusive, byte[] to, int max) {
    return store.readLocked(() -> store.liveRange(name, null, from, inclusive, to, max));
  }
}
