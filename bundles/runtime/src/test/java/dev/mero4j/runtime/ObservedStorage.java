package dev.mero4j.runtime;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A real storage engine whose writes are shown to a test first: the observer records each batch, or
 * throws to make that write fail as a crash would (nothing of it is written then).
 */
final class ObservedStorage implements StorageEngine {
  private final StorageEngine engine;
  private final Consumer<WriteBatch> beforeWrite;

  ObservedStorage(StorageEngine engine, Consumer<WriteBatch> beforeWrite) {
    this.engine = engine;
    this.beforeWrite = beforeWrite;
  }

  /** The keyspaces {@code batch} touches, each marked + for a put and - for a delete. */
  static Set<String> keyspaces(WriteBatch batch) {
    Set<String> keyspaces = new TreeSet<>();
    batch.operations().forEach(op -> keyspaces.add(op.keyspace() + (op.isDelete() ? "-" : "+")));
    return keyspaces;
  }

  @Override
  public Keyspace keyspace(String name) {
    return engine.keyspace(name);
  }

  @Override
  public Set<String> keyspaces() {
    return engine.keyspaces();
  }

  @Override
  public void write(WriteBatch batch) {
    beforeWrite.accept(batch);
    engine.write(batch);
  }

  @Override
  public StorageSnapshot snapshot() {
    return engine.snapshot();
  }

  @Override
  public void close() {
    engine.close();
  }
}
