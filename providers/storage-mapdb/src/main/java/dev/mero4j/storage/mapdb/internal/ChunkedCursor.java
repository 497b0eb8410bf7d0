package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A cursor that reads its range in chunks, each under the store's read lock, so that no lock is
 * held between calls and a chunk never contains half a batch.
 */
final class ChunkedCursor implements KeyValueCursor {
  /** Entries per lock acquisition: amortizes locking without stalling writers for long. */
  static final int CHUNK_SIZE = 256;

  /** Reads up to {@code max} entries of {@code from..to}; checks its owners are still open. */
  @FunctionalInterface
  interface Source {
    List<KeyValue> read(byte[] from, boolean inclusive, byte[] to, int max);
  }

  private final Source source;
  private final byte[] to;
  private final Lifecycle[] owners;
  private final Lifecycle self = new Lifecycle("cursor");
  private byte[] from;
  private boolean inclusive = true;
  private boolean exhausted;
  private Iterator<KeyValue> buffer = Collections.emptyIterator();

  ChunkedCursor(Source source, byte[] from, byte[] to, Lifecycle... owners) {
    this.source = source;
    this.from = from == null ? null : from.clone();
    this.to = to == null ? null : to.clone();
    this.owners = owners;
  }

  @Override
  public boolean hasNext() {
    checkOpen();
    if (!buffer.hasNext() && !exhausted) {
      List<KeyValue> chunk = source.read(from, inclusive, to, CHUNK_SIZE);
      exhausted = chunk.size() < CHUNK_SIZE;
      if (!chunk.isEmpty()) {
        from = chunk.get(chunk.size() - 1).key().clone();
        inclusive = false;
      }
      buffer = chunk.iterator();
    }
    return buffer.hasNext();
  }

  @Override
  public KeyValue next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.next();
  }

  @Override
  public void close() {
    self.close();
  }

  private void checkOpen() {
    self.check();
    for (Lifecycle owner : owners) {
      owner.check();
    }
  }
}
