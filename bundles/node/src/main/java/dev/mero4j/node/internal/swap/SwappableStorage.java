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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * Keyspaces handed out resolve the active engine on every call, so callers may keep them. Every
 * read holds a lease on the engine it reads (a get for its duration; a cursor or snapshot until it
 * is closed): a replaced engine is retired, taking no new lease, and closed only once the leases
 * drain (or a grace period ends), so no read ever reaches a closed engine.
 */
public final class SwappableStorage implements StorageEngine {
  /** How often a retiring engine checks whether its last reader is gone. */
  private static final long LEASE_POLL_NANOS = 1_000_000;

  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Map<StorageEngine, EngineLeases> leases = new ConcurrentHashMap<>();
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
    leased(engine -> engine.keyspace(name));
    return new ForwardingKeyspace(name);
  }

  @Override
  public Set<String> keyspaces() {
    return leased(StorageEngine::keyspaces);
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
    EngineLeases lease = lease();
    StorageSnapshot snapshot = opened(lease, lease.engine()::snapshot);
    AtomicBoolean released = new AtomicBoolean();
    return new StorageSnapshot() {
      @Override
      public ReadableKeyspace keyspace(String name) {
        return snapshot.keyspace(name);
      }

      @Override
      public void close() {
        snapshot.close();
        if (released.compareAndSet(false, true)) {
          lease.release();
        }
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
   * Retires a replaced engine: no read takes a new lease on it, the reads, cursors and snapshots
   * holding one are waited for, up to {@code max}, and then it is closed. Returns whether every
   * lease was returned in time.
   */
  boolean retire(StorageEngine engine, Duration max, LongSupplier ticker) {
    EngineLeases lease = leases.computeIfAbsent(engine, EngineLeases::new);
    lease.retire();
    long deadline = ticker.getAsLong() + max.toNanos();
    while (lease.held() > 0 && ticker.getAsLong() < deadline) {
      LockSupport.parkNanos(LEASE_POLL_NANOS);
    }
    boolean drained = lease.held() == 0;
    engine.close();
    leases.remove(engine, lease);
    return drained;
  }

  /** Runs {@code read} on the active engine under a lease on it. */
  private <T> T leased(Function<StorageEngine, T> read) {
    EngineLeases lease = lease();
    try {
      return read.apply(lease.engine());
    } finally {
      lease.release();
    }
  }

  /**
   * A lease on the active engine. An engine being retired takes no new lease; a read that loses
   * that race (the engine was switched under it) gives its lease back and takes one on the new
   * active engine.
   */
  private EngineLeases lease() {
    while (true) {
      StorageEngine engine = active;
      EngineLeases lease = leases.computeIfAbsent(engine, EngineLeases::new);
      if (lease.tryAcquire()) {
        if (active == engine) {
          return lease;
        }
        lease.release();
      }
      Thread.onSpinWait();
    }
  }

  /** Opens a view under a lease taken just before; a view that fails to open gives it back. */
  private static <T> T opened(EngineLeases lease, Supplier<T> open) {
    boolean ok = false;
    try {
      T view = open.get();
      ok = true;
      return view;
    } finally {
      if (!ok) {
        lease.release();
      }
    }
  }

  /** The leases held on one engine, and whether it is being retired. */
  private static final class EngineLeases {
    private final StorageEngine engine;
    private int held;
    private boolean retired;

    EngineLeases(StorageEngine engine) {
      this.engine = engine;
    }

    StorageEngine engine() {
      return engine;
    }

    synchronized boolean tryAcquire() {
      if (retired) {
        return false;
      }
      held++;
      return true;
    }

    synchronized void release() {
      held--;
    }

    synchronized void retire() {
      retired = true;
    }

    synchronized int held() {
      return held;
    }
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
      return leased(engine -> engine.keyspace(name).get(key));
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      EngineLeases lease = lease();
      KeyValueCursor cursor = opened(lease, () -> lease.engine().keyspace(name).range(from, to));
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
            lease.release();
          }
        }
      };
    }
  }
}
