package dev.mero4j.storage.tck;

import static dev.mero4j.storage.tck.TckSupport.bytes;
import static dev.mero4j.storage.tck.TckSupport.drain;
import static dev.mero4j.storage.tck.TckSupport.keys;
import static dev.mero4j.storage.tck.TckSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Contract tests for snapshot isolation and concurrent use of a storage engine. */
public abstract class StorageSnapshotContract extends StorageModelProperties {
  /** Generous bound on how long a concurrent test may hang before it counts as deadlocked. */
  private static final long HANG_GUARD_SECONDS = 120;

  @Test
  void snapshotDoesNotSeeLaterPutsOverwritesOrDeletes() {
    Keyspace ks = engine.keyspace("data");
    ks.put(bytes(1), utf8("one"));
    ks.put(bytes(2), utf8("two"));
    try (StorageSnapshot snapshot = engine.snapshot()) {
      ks.put(bytes(1), utf8("uno"));
      ks.delete(bytes(2));
      ks.put(bytes(3), utf8("three"));

      ReadableKeyspace view = snapshot.keyspace("data");
      assertThat(view.get(bytes(1))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("one")));
      assertThat(view.get(bytes(2))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("two")));
      assertThat(view.get(bytes(3))).isEmpty();
      assertThat(ks.get(bytes(1))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("uno")));
      assertThat(ks.get(bytes(2))).isEmpty();
      assertThat(ks.get(bytes(3))).isPresent();
    }
  }

  @Test
  void snapshotRangeAndPrefixScansIgnoreLaterWrites() {
    Keyspace ks = engine.keyspace("data");
    for (int k : new int[] {0x10, 0x20, 0x30, 0x80, 0xff}) {
      ks.put(bytes(k), bytes(k));
    }
    try (StorageSnapshot snapshot = engine.snapshot()) {
      ks.put(bytes(0x15), bytes(0));
      ks.delete(bytes(0x20));
      ks.put(bytes(0x30), bytes(0));
      ks.put(bytes(0xff, 0x01), bytes(0));
      ks.delete(bytes(0xff));

      ReadableKeyspace view = snapshot.keyspace("data");
      assertThat(drain(view.range(null, null)))
          .containsExactly(
              kv(bytes(0x10), bytes(0x10)),
              kv(bytes(0x20), bytes(0x20)),
              kv(bytes(0x30), bytes(0x30)),
              kv(bytes(0x80), bytes(0x80)),
              kv(bytes(0xff), bytes(0xff)));
      assertThat(keys(view.range(bytes(0x11), bytes(0x80)))).containsExactly("20", "30");
      assertThat(keys(view.prefix(bytes(0xff)))).containsExactly("ff");
      assertThat(keys(ks.range(null, null))).containsExactly("10", "15", "30", "80", "ff01");
    }
  }

  @Test
  void snapshotDoesNotSeeLaterBatches() {
    engine.write(new WriteBatch().put("a", bytes(1), bytes(1)).put("b", bytes(1), bytes(1)));
    try (StorageSnapshot snapshot = engine.snapshot()) {
      engine.write(
          new WriteBatch()
              .put("a", bytes(1), bytes(2))
              .delete("b", bytes(1))
              .put("b", bytes(2), bytes(2)));
      assertThat(drain(snapshot.keyspace("a").range(null, null)))
          .containsExactly(kv(bytes(1), bytes(1)));
      assertThat(drain(snapshot.keyspace("b").range(null, null)))
          .containsExactly(kv(bytes(1), bytes(1)));
    }
  }

  @Test
  void snapshotsTakenAtDifferentTimesSeeTheirOwnState() {
    Keyspace ks = engine.keyspace("data");
    ks.put(bytes(1), utf8("v1"));
    try (StorageSnapshot first = engine.snapshot()) {
      ks.put(bytes(1), utf8("v2"));
      try (StorageSnapshot second = engine.snapshot()) {
        ks.put(bytes(1), utf8("v3"));
        assertThat(first.keyspace("data").get(bytes(1)))
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v1")));
        assertThat(second.keyspace("data").get(bytes(1)))
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
      }
      assertThat(first.keyspace("data").get(bytes(1)))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v1")));
    }
  }

  @Test
  void snapshotOfKeyspaceCreatedLaterIsEmpty() {
    try (StorageSnapshot snapshot = engine.snapshot()) {
      engine.keyspace("later").put(bytes(1), bytes(1));
      assertThat(snapshot.keyspace("later").get(bytes(1))).isEmpty();
      assertThat(drain(snapshot.keyspace("later").range(null, null))).isEmpty();
    }
  }

  @Test
  void snapshotCursorStaysConsistentWhileManyWritesHappenMidScan() {
    Keyspace ks = engine.keyspace("data");
    WriteBatch initial = new WriteBatch();
    for (int i = 0; i < 2000; i += 2) {
      initial.put("data", key(i), key(i));
    }
    engine.write(initial);
    try (StorageSnapshot snapshot = engine.snapshot();
        KeyValueCursor cursor = snapshot.keyspace("data").range(null, null)) {
      List<KeyValue> seen = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        seen.add(cursor.next());
      }
      WriteBatch churn = new WriteBatch();
      for (int i = 0; i < 2000; i++) {
        if (i % 4 == 0) {
          churn.delete("data", key(i));
        } else {
          churn.put("data", key(i), bytes(0));
        }
      }
      engine.write(churn);
      cursor.forEachRemaining(seen::add);
      assertThat(seen).hasSize(1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(seen.get(i)).isEqualTo(kv(key(2 * i), key(2 * i)));
      }
      assertThat(ks.get(key(0))).isEmpty();
    }
  }

  @Test
  void concurrentWritersLoseNoPuts() throws Exception {
    int threads = 4;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  Keyspace ks = engine.keyspace("shared");
                  for (int i = 0; i < perThread; i++) {
                    int n = thread * perThread + i;
                    if (i % 2 == 0) {
                      ks.put(key(n), key(n));
                    } else {
                      engine.write(
                          new WriteBatch()
                              .put("shared", key(n), key(n))
                              .put("other", key(n), key(n)));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<KeyValue> all = drain(engine.keyspace("shared").range(null, null));
    assertThat(all).hasSize(threads * perThread);
    for (int n = 0; n < threads * perThread; n++) {
      assertThat(all.get(n)).isEqualTo(kv(key(n), key(n)));
    }
    assertThat(drain(engine.keyspace("other").range(null, null))).hasSize(threads * perThread / 2);
  }

  @Test
  void concurrentSnapshotsNeverSeeHalfABatch() throws Exception {
    int batches = 300;
    engine.write(new WriteBatch().put("left", bytes(0), key(0)).put("right", bytes(0), key(0)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int n = 1; n <= batches; n++) {
                  engine.write(
                      new WriteBatch()
                          .put("left", bytes(0), key(n))
                          .put("left", key(n), key(n))
                          .put("right", bytes(0), key(n))
                          .delete("right", key(n - 1)));
                }
                return null;
              });
      while (!writer.isDone()) {
        try (StorageSnapshot snapshot = engine.snapshot()) {
          byte[] left = snapshot.keyspace("left").get(bytes(0)).orElseThrow();
          byte[] right = snapshot.keyspace("right").get(bytes(0)).orElseThrow();
          assertThat(right).isEqualTo(left);
          int n = ByteBuffer.wrap(left).getInt();
          assertThat(drain(snapshot.keyspace("left").range(key(0), null))).hasSize(n);
        }
      }
      writer.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A 4-byte big-endian key, so numeric and unsigned byte order agree. */
  protected static byte[] key(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  protected static KeyValue kv(byte[] key, byte[] value) {
    return new KeyValue(key, value);
  }
}
