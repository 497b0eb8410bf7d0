package dev.mero4j.storage.memory.internal;

import dev.mero4j.storage.api.KeyRanges;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The state behind a memory engine: sorted maps per keyspace, a write lock that makes batches
 * atomic for readers and snapshots, and the engine's lifecycle.
 */
public final class MemoryStore {
  private final ConcurrentMap<String, ConcurrentSkipListMap<byte[], byte[]>> keyspaces =
      new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Lifecycle lifecycle = new Lifecycle("storage engine");

  public Keyspace keyspace(String name) {
    lifecycle.check();
    StorageLimits.checkKeyspace(name);
    return new MemoryKeyspace(this, name, map(name));
  }

  public Set<String> keyspaces() {
    lifecycle.check();
    return Set.copyOf(keyspaces.keySet());
  }

  public void write(WriteBatch batch) {
    lifecycle.check();
    for (WriteBatch.Operation op : batch.operations()) {
      StorageLimits.checkKeyspace(op.keyspace());
      StorageLimits.checkKey(op.key());
      if (!op.isDelete()) {
        StorageLimits.checkValue(op.value());
      }
    }
    locked(
        lock.writeLock(),
        () -> {
          for (WriteBatch.Operation op : batch.operations()) {
            if (op.isDelete()) {
              map(op.keyspace()).remove(op.key());
            } else {
              map(op.keyspace()).put(op.key().clone(), op.value().clone());
            }
          }
          return null;
        });
  }

  public StorageSnapshot snapshot() {
    return locked(
        lock.readLock(),
        () -> {
          Map<String, NavigableMap<byte[], byte[]>> copy = new HashMap<>();
          // Not ConcurrentSkipListMap.clone(): on JDK 17 the clone of a map emptied by removals
          // shares
          // its head with the original, so later puts show up in the "copy".
          keyspaces.forEach((name, map) -> copy.put(name, new TreeMap<>(map)));
          return new MemorySnapshot(copy, lifecycle);
        });
  }

  public void close() {
    lock.writeLock().lock();
    try {
      if (lifecycle.close()) {
        keyspaces.clear();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  Optional<byte[]> get(NavigableMap<byte[], byte[]> map, byte[] key) {
    StorageLimits.checkKey(key);
    return locked(lock.readLock(), () -> Optional.ofNullable(map.get(key)).map(byte[]::clone));
  }

  void put(NavigableMap<byte[], byte[]> map, byte[] key, byte[] value) {
    StorageLimits.checkKey(key);
    StorageLimits.checkValue(value);
    byte[] k = key.clone();
    byte[] v = value.clone();
    locked(lock.writeLock(), () -> map.put(k, v));
  }

  void delete(NavigableMap<byte[], byte[]> map, byte[] key) {
    StorageLimits.checkKey(key);
    locked(lock.writeLock(), () -> map.remove(key));
  }

  private ConcurrentSkipListMap<byte[], byte[]> map(String name) {
    return keyspaces.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(KeyRanges::compare));
  }

  /** Runs {@code action} holding {@code held}, after checking that the engine is open. */
  private <T> T locked(Lock held, Supplier<T> action) {
    held.lock();
    try {
      lifecycle.check();
      return action.get();
    } finally {
      held.unlock();
    }
  }
}
