package ${package}.internal;

import dev.mero4j.storage.api.KeyRanges;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A snapshot that owns a copy of every keyspace taken under the engine's lock. */
final class MapSnapshot implements StorageSnapshot {
  private static final NavigableMap<byte[], byte[]> EMPTY =
      Collections.unmodifiableNavigableMap(new TreeMap<>(KeyRanges::compare));

  private final Map<String, NavigableMap<byte[], byte[]>> keyspaces;
  private final Lifecycle engine;
  private final Lifecycle lifecycle = new Lifecycle("snapshot");

  MapSnapshot(Map<String, NavigableMap<byte[], byte[]>> keyspaces, Lifecycle engine) {
    this.keyspaces = keyspaces;
    this.engine = engine;
  }

  @Override
  public ReadableKeyspace keyspace(String name) {
    checkOpen();
    StorageLimits.checkKeyspace(name);
    return new View(name, keyspaces.getOrDefault(name, EMPTY));
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  private void checkOpen() {
    lifecycle.check();
    engine.check();
  }

  private final class View implements ReadableKeyspace {
    private final String name;
    private final NavigableMap<byte[], byte[]> map;

    View(String name, NavigableMap<byte[], byte[]> map) {
      this.name = name;
      this.map = map;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      checkOpen();
      StorageLimits.checkKey(key);
      return Optional.ofNullable(map.get(key)).map(byte[]::clone);
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      checkOpen();
      return new MapCursor(Ranges.view(map, from, to).entrySet().iterator(), lifecycle, engine);
    }
  }
}
