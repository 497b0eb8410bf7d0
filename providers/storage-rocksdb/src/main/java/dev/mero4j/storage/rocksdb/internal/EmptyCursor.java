package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageClosedException;
import java.util.NoSuchElementException;

/** The cursor of a keyspace that did not exist when its snapshot was taken. */
final class EmptyCursor implements KeyValueCursor {
  private final Guard[] owners;
  private volatile boolean closed;

  EmptyCursor(Guard... owners) {
    this.owners = owners;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      throw new StorageClosedException("cursor is closed");
    }
    for (Guard owner : owners) {
      owner.check();
    }
    return false;
  }

  @Override
  public KeyValue next() {
    boolean more = hasNext(); // closed and owner checks first, as for every cursor
    assert !more;
    throw new NoSuchElementException();
  }

  @Override
  public void close() {
    closed = true;
  }
}
