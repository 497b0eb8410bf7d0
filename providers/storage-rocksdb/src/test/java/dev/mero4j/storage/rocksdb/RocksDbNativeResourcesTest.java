package dev.mero4j.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageClosedException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbNativeResourcesTest {
  @TempDir Path dir;

  private final RocksDbStorageProvider provider = new RocksDbStorageProvider();

  @Test
  void closingTheEngineReleasesCursorsAndSnapshotsItsUsersLeftOpen() {
    StorageEngine engine =
        provider.open(new StorageConfig(dir, Durability.PROCESS_CRASH, 1024 * 1024));
    engine.keyspace("a").put(new byte[] {1}, new byte[] {1});
    engine.keyspace("a").put(new byte[] {2}, new byte[] {2});
    KeyValueCursor live = engine.keyspace("a").range(null, null);
    live.next();
    StorageSnapshot snapshot = engine.snapshot();
    KeyValueCursor old = snapshot.keyspace("a").range(null, null);
    KeyValueCursor absent = snapshot.keyspace("never").range(null, null);

    engine.close();

    assertThatThrownBy(live::hasNext).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(old::next).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(absent::hasNext).isInstanceOf(StorageClosedException.class);
    live.close();
    snapshot.close();
    try (StorageEngine again = provider.open(StorageConfig.at(dir))) {
      assertThat(again.keyspace("a").get(new byte[] {2})).isPresent();
    }
  }

  @Test
  void closeWhileOtherThreadsScanWaitsForThemAndTheirNextCallFailsAsClosed() throws Exception {
    StorageEngine engine = provider.open(StorageConfig.at(dir));
    for (int i = 0; i < 200; i++) {
      engine.keyspace("a").put(new byte[] {(byte) i}, new byte[64]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AtomicInteger reads = new AtomicInteger();
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        readers.add(
            pool.submit(
                () -> {
                  assertThatThrownBy(
                          () -> {
                            while (true) {
                              try (KeyValueCursor cursor = engine.keyspace("a").range(null, null)) {
                                while (cursor.hasNext()) {
                                  cursor.next();
                                  reads.incrementAndGet();
                                }
                              }
                            }
                          })
                      .isInstanceOf(StorageClosedException.class);
                  return null;
                }));
      }
      await().atMost(60, TimeUnit.SECONDS).until(() -> reads.get() > 2_000);
      engine.close();
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
