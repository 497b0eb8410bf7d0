package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.StorageClosedException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps native handles alive while they are used: every use runs under the read lock of an open
 * owner (store or snapshot), and closing takes the write lock, so no handle is freed under a
 * running call. Locks are always taken store first, then snapshot, then cursor.
 */
final class Guard {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String what;
  private volatile boolean closed;

  Guard(String what) {
    this.what = what;
  }

  /** Runs {@code action} while the store stays open; throws when it is closed. */
  <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new StorageClosedException(what + " is closed");
      }
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code action} unless the owner is closed already (which released everything). */
  void readIfOpen(Runnable action) {
    lock.readLock().lock();
    try {
      if (!closed) {
        action.run();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Marks the owner closed and runs {@code release} once, after every running call finished. */
  void close(Runnable release) {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void check() {
    if (closed) {
      throw new StorageClosedException(what + " is closed");
    }
  }
}
