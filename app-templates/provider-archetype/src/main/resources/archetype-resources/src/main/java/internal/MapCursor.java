package ${package}.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import java.util.Iterator;
import java.util.Map;

/** A cursor over a map view that fails once it, its snapshot or its engine is closed. */
final class MapCursor implements KeyValueCursor {
  private final Iterator<Map.Entry<byte[], byte[]>> entries;
  private final Lifecycle owner;
  private final Lifecycle engine;
  private final Lifecycle self = new Lifecycle("cursor");

  MapCursor(Iterator<Map.Entry<byte[], byte[]>> entries, Lifecycle owner, Lifecycle engine) {
    this.entries = entries;
    this.owner = owner;
    this.engine = engine;
  }

  @Override
  public boolean hasNext() {
    checkOpen();
    return entries.hasNext();
  }

  @Override
  public KeyValue next() {
    checkOpen();
    Map.Entry<byte[], byte[]> entry = entries.next();
    return new KeyValue(entry.getKey().clone(), entry.getValue().clone());
  }

  @Override
  public void close() {
    self.close();
  }

  private void checkOpen() {
    self.check();
    owner.check();
    engine.check();
  }
}
