package dev.mero4j.node.internal.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads during a live storage swap hold a lease on the engine they read: the replaced engine is
 * closed only once every read that started on it has finished.
 */
class SwapReadLeaseTest {
  @TempDir Path dir;

  @Test
  void aReadInFlightOnTheReplacedEngineFinishesBeforeThatEngineCloses() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean oldClosed = new AtomicBoolean();
    AtomicBoolean readAfterClose = new AtomicBoolean();
    StorageEngine real = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a")));
    StorageEngine source =
        new StorageMigrationTest.ForwardingEngine(real) {
          @Override
          public void write(dev.mero4j.storage.api.WriteBatch batch) {
            real.write(batch);
          }

          @Override
          public Keyspace keyspace(String name) {
            return new BlockingKeyspace(
                real.keyspace(name), inside, release, oldClosed, readAfterClose);
          }

          @Override
          public void close() {
            oldClosed.set(true);
            real.close();
          }
        };
    SwappableStorage live = new SwappableStorage(source);
    live.keyspace("data").put(bytes("block"), bytes("v"));
    CompletableFuture<Optional<byte[]>> read =
        CompletableFuture.supplyAsync(() -> live.keyspace("data").get(bytes("block")));
    assertThat(inside.await(10, TimeUnit.SECONDS)).as("the read entered the old engine").isTrue();

    StorageEngine target = new RocksDbStorageProvider().open(StorageConfig.at(dir.resolve("b")));
    StorageEngine replaced = migrate(live, target);
    CompletableFuture<Boolean> retired =
        CompletableFuture.supplyAsync(
            () -> live.retire(replaced, Duration.ofSeconds(30), System::nanoTime));

    await().during(Duration.ofMillis(200)).until(() -> !oldClosed.get());
    release.countDown();
    assertThat(read.get(10, TimeUnit.SECONDS)).map(SwapReadLeaseTest::text).contains("v");
    assertThat(retired.get(10, TimeUnit.SECONDS)).as("the lease drained in time").isTrue();
    assertThat(oldClosed).isTrue();
    assertThat(readAfterClose).as("no read reached the closed engine").isFalse();
    live.close();
  }

  @Test
  void concurrentReadersDuringASwapNeverSeeAClosedEngine() throws Exception {
    SwappableStorage live =
        new SwappableStorage(new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a"))));
    for (int i = 0; i < 200; i++) {
      live.keyspace("data").put(bytes("k" + i), bytes("v" + i));
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      int reader = r;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int n = 0; !stop.get(); n++) {
                    int i = (n * 7 + reader) % 200;
                    assertThat(live.keyspace("data").get(bytes("k" + i)))
                        .map(SwapReadLeaseTest::text)
                        .contains("v" + i);
                    if (n % 50 == 0) {
                      try (KeyValueCursor c = live.keyspace("data").prefix(bytes("k1"))) {
                        c.forEachRemaining(kv -> {});
                      }
                    }
                    reads.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              });
      readers.add(thread);
      thread.start();
    }
    for (int swap = 0; swap < 4; swap++) {
      await().until(() -> reads.get() > 2_000L * (1 + readers.size()));
      StorageEngine target =
          swap % 2 == 0
              ? new RocksDbStorageProvider().open(StorageConfig.at(dir.resolve("s" + swap)))
              : new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("s" + swap)));
      StorageEngine replaced = migrate(live, target);
      assertThat(live.retire(replaced, Duration.ofSeconds(30), System::nanoTime)).isTrue();
      reads.set(0);
    }
    stop.set(true);
    for (Thread thread : readers) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    live.close();
  }

  private static StorageEngine migrate(SwappableStorage live, StorageEngine target) {
    JobProgress job = new JobProgress("t", "storage", "a", "b", System::nanoTime);
    return new StorageMigration(
            live, target, new RootHashCheck(null, Clock.systemUTC()), job, System::nanoTime)
        .run(() -> {});
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A keyspace whose first read of key "block" waits for a latch, and that notes late reads. */
  private record BlockingKeyspace(
      Keyspace real,
      CountDownLatch inside,
      CountDownLatch release,
      AtomicBoolean closed,
      AtomicBoolean readAfterClose)
      implements Keyspace {
    @Override
    public String name() {
      return real.name();
    }

    @Override
    public void put(byte[] key, byte[] value) {
      real.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
      real.delete(key);
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      if (text(key).equals("block") && inside.getCount() > 0) {
        inside.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (closed.get()) {
        readAfterClose.set(true);
      }
      return real.get(key);
    }

    @Override
    public KeyValueCursor range(byte[] from, byte[] to) {
      if (closed.get()) {
        readAfterClose.set(true);
      }
      return real.range(from, to);
    }
  }
}
