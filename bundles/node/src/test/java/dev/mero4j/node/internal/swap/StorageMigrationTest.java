package dev.mero4j.node.internal.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.node.MigrationVerificationException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration at storage level, with writers that overwrite and delete the same keys again and
 * again (puts, deletes, batches) during every phase: the migrated store ends exactly as the writes
 * left it, and the built-in entry-by-entry verification passes.
 */
class StorageMigrationTest {
  @TempDir Path dir;

  @Test
  void overwritesAndDeletesDuringTheCopyEndUpInTheNewStoreInOrder() throws Exception {
    SwappableStorage live =
        new SwappableStorage(new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a"))));
    WriteBatch fill = new WriteBatch();
    for (int i = 0; i < 30_000; i++) {
      fill.put("bulk", key(i), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    live.write(fill);
    StorageEngine target = new RocksDbStorageProvider().open(StorageConfig.at(dir.resolve("b")));
    JobProgress job = new JobProgress("t", "storage", "mapdb", "rocksdb", System::nanoTime);

    Map<String, Optional<String>> expected = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(writer);
                for (long n = 0; !stop.get(); n++) {
                  String k = "w" + writer + "-" + random.nextInt(200);
                  String shared = "shared-" + random.nextInt(50);
                  switch (random.nextInt(3)) {
                    case 0 -> live.keyspace("hot").put(bytes(k), bytes(k + "=" + n));
                    case 1 -> live.keyspace("hot").delete(bytes(k));
                    default ->
                        live.write(
                            new WriteBatch()
                                .put("hot", bytes(k), bytes(k + "#" + n))
                                .put("hot", bytes(shared), bytes("s" + n)));
                  }
                  // One writer per key outside the shared ones: its last acknowledged operation is
                  // the truth.
                  expected.put(
                      k,
                      Optional.ofNullable(
                          live.keyspace("hot")
                              .get(bytes(k))
                              .map(StorageMigrationTest::text)
                              .orElse(null)));
                  writes.incrementAndGet();
                }
              });
      writers.add(thread);
      thread.start();
    }
    await().until(() -> writes.get() > 500);
    StorageEngine replaced =
        new StorageMigration(
                live, target, new RootHashCheck(null, Clock.systemUTC()), job, System::nanoTime)
            .run(() -> {});
    long atSwitch = writes.get();
    await().until(() -> writes.get() > atSwitch + 500);
    stop.set(true);
    for (Thread thread : writers) {
      thread.join();
    }

    assertThat(live.active()).isSameAs(target);
    replaced.close();
    expected.forEach(
        (k, value) ->
            assertThat(live.keyspace("hot").get(bytes(k)).map(StorageMigrationTest::text))
                .as(k)
                .isEqualTo(value));
    assertThat(count(live, "bulk")).isEqualTo(30_000);
    assertThat(job.view().pauseMillis()).isLessThan(1_000);
    live.close();
  }

  @Test
  void aTargetThatLosesAWriteIsRefusedAndTheLiveStoreStaysActive() {
    StorageEngine source = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a")));
    SwappableStorage live = new SwappableStorage(source);
    for (int i = 0; i < 100; i++) {
      live.keyspace("data").put(key(i), bytes("v" + i));
    }
    StorageEngine real = new RocksDbStorageProvider().open(StorageConfig.at(dir.resolve("b")));
    StorageEngine lossy =
        new ForwardingEngine(real) {
          @Override
          public void write(WriteBatch batch) {
            WriteBatch kept = new WriteBatch();
            batch.operations().stream()
                .filter(op -> !text(op.key()).endsWith("42"))
                .forEach(op -> kept.put(op.keyspace(), op.key(), op.value()));
            real.write(kept);
          }
        };
    JobProgress job = new JobProgress("t", "storage", "mapdb", "lossy", System::nanoTime);
    StorageMigration migration =
        new StorageMigration(
            live, lossy, new RootHashCheck(null, Clock.systemUTC()), job, System::nanoTime);
    assertThatThrownBy(() -> migration.run(() -> {}))
        .isInstanceOf(MigrationVerificationException.class)
        .hasMessageContaining("data");
    assertThat(live.active()).isSameAs(source);
    live.keyspace("data").put(key(500), bytes("after"));
    assertThat(real.keyspace("data").get(key(500)))
        .as("no longer journaled to the refused store")
        .isEmpty();
    assertThat(job.view().phase()).isEqualTo(SwapJob.Phase.VERIFYING);
    real.close();
    live.close();
  }

  private static long count(StorageEngine engine, String keyspace) {
    long n = 0;
    try (KeyValueCursor cursor = engine.keyspace(keyspace).range(null, null)) {
      while (cursor.hasNext()) {
        cursor.next();
        n++;
      }
    }
    return n;
  }

  private static byte[] key(int i) {
    return bytes(String.format("k%08d", i));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Forwards every call to another engine. */
  abstract static class ForwardingEngine implements StorageEngine {
    private final StorageEngine real;

    ForwardingEngine(StorageEngine real) {
      this.real = real;
    }

    @Override
    public dev.mero4j.storage.api.Keyspace keyspace(String name) {
      return real.keyspace(name);
    }

    @Override
    public java.util.Set<String> keyspaces() {
      return real.keyspaces();
    }

    @Override
    public dev.mero4j.storage.api.StorageSnapshot snapshot() {
      return real.snapshot();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
