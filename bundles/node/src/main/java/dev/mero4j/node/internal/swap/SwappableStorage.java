package dev.mero4j.node.internal.swap;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageClosedException;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * The storage engine every part of the node holds: it forwards to the engine currently active, so
 * that engine can be replaced while the node runs.
 *
 * <pre>
 *   write ─► [gate, shared] ─► journal? ─ no ─► active engine
 *                                      └ yes ─► active engine, then buffered or mirrored to the target
 *   switch ─► [gate, exclusive: no write in flight] ─► active := target
 * </pre>
 *
 * Keyspaces handed out resolve the active engine on every call, so callers may keep them. Cursors
 * and snapshots stay on the engine that opened them; a replaced engine is closed once they are.
 */
public final class SwappableStorage implements StorageEngine {
  /** How often a replaced engine checks whether its last reader is gone. */
  private static final long VIEW_POLL_NANOS = 1_000_000;

  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Map<StorageEngine, AtomicInteger> openViews = new ConcurrentHashMap<>();
  private volatile StorageEngine active;
  private volatile WriteJournal journal;
  private volatile boolean closed;

  public SwappableStorage(StorageEngine first) {
    this.active = first;
  }

  /** The engine reads and writes go to now. */
  public StorageEngine active() {
    return active;
  }

  @Override
  public Keyspace keyspace(String name) {
    active.keyspace(name);
    return new ForwardingKeyspace(name);
  }

  @Override
  public Set<String> keyspaces() {
    return active.keyspaces();
  }

  @Override
  public void write(WriteBatch batch) {
    gate.readLock().lock();
    try {
      WriteJournal j = journal;
      if (j == null) {
        active.write(batch);
      } else {
        j.write(active, batch);
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public StorageSnapshot snapshot() {
    StorageEngine engine = active;
    AtomicInteger views = lease(engine);
    StorageSnapshot snapshot = opened(views, engine::snapshot);
    return new StorageSnapshot() {
      @Override
      public ReadableKeyspace keyspace(String name) {
        return snapshot.keyspace(name);
      }

      @Override
      public void close() {
        snapshot.close();
        views.decrementAndGet();
      }
    };
  }

  /** Closes the active engine; a migration still running can no longer switch and rolls back. */
  @Override
  public void close() {
    paused(
        () -> {
          closed = true;
          active.close();
        });
  }

  /** Sends every write from now on also through {@code j}; no write is in flight when it starts. */
  void startJournal(WriteJournal j) {
    paused(() -> journal = j);
  }

  /** Stops journaling; the active engine is unchanged (a rollback). */
  void stopJournal() {
    paused(() -> journal = null);
  }

  /** Makes {@code target} the active engine and stops journaling; returns the engine replaced. */
  StorageEngine switchTo(StorageEngine target) {
    if (closed) {
      throw new StorageClosedException("the node's storage was closed during the migration");
    }
    StorageEngine previous = active;
    active = target;
    journal = null;
    return previous;
  }

  /**
   * Runs {@code step} while writes are held back (no write in flight, new ones wait) and returns
   * how long they were held, in nanoseconds of {@code ticker}.
   */
  long paused(Runnable step, LongSupplier ticker) {
    gate.writeLock().lock();
    try {
      long start = ticker.getAsLong();
      step.run();
      return ticker.getAsLong() - start;
    } finally {
      gate.writeLock().unlock();
    }
  }

  void paused(Runnable step) {
    paused(step, System::nanoTime);
  }

  /**
   * Waits until the cursors and snapshots opened on {@code engine} are closed, up to {@code max},
   * so a replaced engine is not closed under a reader; returns whether they all closed.
   */
  boolean awaitViewsClosed(StorageEngine engine, Duration max, LongSupplier ticker) {
    AtomicInteger views = openViews.get(engine);
    long deadline = ticker.getAsLong() + max.toNanos();
    while (views != null && views.get() > 0 && ticker.getAsLong() < deadline) {
      LockSupport.parkNanos(VIEW_POLL_NANOS);
    }
    openViews.remove(engine);
    return views == null || views.get() <= 0;
  }

  /**
   * Opens a view under a lease taken just before; a view that fails to open gives the lease back.
   */
  private static <T> T opened(AtomicInteger views, java.util.function.Supplier<T> open) {
    boolean ok = false;
    try {
      T view = open.get();
      ok = true;
      return view;
    } finally {
      if (!ok) {
        views.decrementAndGet();
      }
    }
  }

  private AtomicInteger lease(StorageEngine engine) {
    AtomicInteger views = openViews.computeIfAbsent(engine, e -> new AtomicInteger());
    views.incrementAndGet();
    return views;
  }

  /** A keyspace bound by name, not by engine. */
  private final class ForwardingKeyspace implements Keyspace {
    private final String name;

    ForwardingKeyspace(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      gate.readLock().lock();
      try {
        WriteJournal j = journal;
        if (j == null) {
          active.keyspace(name).put(key, value);
        } else {
          j.write(active, new WriteBatch().put(name, key, value));
        }
      } finally {
        gate.readLock().unlock();
      }
    }

    @Override
    public void delete(byte[] key) {
      gate.readLock().lock();
      try {
        WriteJournal j = journal;
        if (j == null) {
          active.keyspace(name).delete(key);
        } else {
          j.write(active, new WriteBatch().delete(name, key));
        }
      } finally {
        gate.readLock().unlock();
      }
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      return active.keyspace(name).get(key);
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      StorageEngine engine = active;
      AtomicInteger views = lease(engine);
      KeyValueCursor cursor = opened(views, () -> engine.keyspace(name).range(from, to));
      return new KeyValueCursor() {
        private boolean closed;

        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public KeyValue next() {
          return cursor.next();
        }

        @Override
        public void close() {
          cursor.close();
          if (!closed) {
            closed = true;
            views.decrementAndGet();
          }
        }
      };
    }
  }
}
