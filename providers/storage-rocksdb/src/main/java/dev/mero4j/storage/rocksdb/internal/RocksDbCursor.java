package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageClosedException;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A cursor over a {@link RocksIterator} from {@code from} (inclusive) to {@code to} (exclusive).
 * The iterator is freed as soon as the range is exhausted, on close, or with its owner.
 */
final class RocksDbCursor implements KeyValueCursor, NativeResource {
  private final RocksDbStore store;
  private final RocksIterator iterator;
  private final byte[] to;
  private final Consumer<NativeResource> giveBack;
  private boolean closed;
  private boolean exhausted;
  private byte[] nextKey;

  /** Positions {@code iterator} on {@code from}; call under the store's guard. */
  RocksDbCursor(
      RocksDbStore store,
      RocksIterator iterator,
      byte[] from,
      byte[] to,
      Consumer<NativeResource> giveBack) {
    this.store = store;
    this.iterator = iterator;
    this.to = to == null ? null : to.clone();
    this.giveBack = giveBack;
    if (from == null) {
      iterator.seekToFirst();
    } else {
      iterator.seek(from);
    }
  }

  @Override
  public boolean hasNext() {
    return store
        .guard()
        .read(
            () -> {
              synchronized (this) {
                checkOpen();
                return peek();
              }
            });
  }

  @Override
  public KeyValue next() {
    return store
        .guard()
        .read(
            () -> {
              synchronized (this) {
                checkOpen();
                if (!peek()) {
                  throw new NoSuchElementException();
                }
                KeyValue entry = new KeyValue(nextKey, iterator.value());
                nextKey = null;
                iterator.next();
                return entry;
              }
            });
  }

  @Override
  public void close() {
    store.guard().readIfOpen(this::release);
    giveBack.accept(this);
  }

  @Override
  public synchronized void release() {
    closed = true;
    iterator.close();
  }

  /** Whether an entry is left; loads its key into {@link #nextKey}. */
  private boolean peek() {
    if (nextKey != null) {
      return true;
    }
    if (exhausted) {
      return false;
    }
    if (iterator.isValid()) {
      byte[] key = iterator.key();
      if (to == null || Arrays.compareUnsigned(key, to) < 0) {
        nextKey = key;
        return true;
      }
    } else {
      checkStatus();
    }
    exhausted = true;
    iterator.close();
    giveBack.accept(this);
    return false;
  }

  private void checkStatus() {
    try {
      iterator.status();
    } catch (RocksDBException e) {
      throw Errors.map(e, store.directory());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageClosedException("cursor is closed");
    }
  }
}
