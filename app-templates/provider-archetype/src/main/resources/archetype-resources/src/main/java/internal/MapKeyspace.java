package ${package}.internal;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import java.util.NavigableMap;
import java.util.Optional;

/** The live view of one keyspace of a {@link MapStore}. */
final class MapKeyspace implements Keyspace {
  private final MapStore store;
  private final String name;
  private final NavigableMap<byte[], byte[]> map;

  MapKeyspace(MapStore store, String name, NavigableMap<byte[], byte[]> map) {
    this.store = store;
    this.name = name;
    this.map = map;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    store.put(map, key, value);
  }

  @Override
  public void delete(byte[] key) {
    store.delete(map, key);
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return store.get(map, key);
  }

  /** Weakly consistent: a live scan may see some of the writes made while it runs. */
  @Override
  public KeyValueCursor range(byte[] from, byte[] to) {
    store.lifecycle().check();
    return new MapCursor(
        Ranges.view(map, from, to).entrySet().iterator(), store.lifecycle(), store.lifecycle());
  }
}
