package dev.mero4j.node.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.node.CapabilityStatus;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderMissingException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.node.UnknownCapabilityException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MapDB to RocksDB and back under concurrent kv-store writers, through the real runtime. */
class LiveStorageMigrationTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesASwapToRocksDbAndBackAndARestart() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      f.start();
      ContextId ctx = f.createKvStore();
      for (int i = 0; i < 300; i++) {
        f.set(ctx, "seed-" + i, "s" + i);
      }
      SwapFixture.Writers writers = new SwapFixture.Writers(f, ctx, 3);
      SwapJob done;
      try (writers) {
        done = swapUnderLoad(f, writers, "rocksdb");
        assertThat(f.node.status().orElseThrow().providers()).containsEntry("storage", "rocksdb");
        done = swapUnderLoad(f, writers, "mapdb");
      }
      assertThat(writers.failures).isEmpty();
      assertThat(done.pauseMillis()).isLessThan(2_000);
      Hash root = f.contexts().get(ctx).orElseThrow().rootHash();
      assertEveryWritePresent(f, ctx, writers);

      f.restart();
      assertThat(f.node.status().orElseThrow().providers()).containsEntry("storage", "mapdb");
      assertThat(f.contexts().get(ctx).orElseThrow().rootHash()).isEqualTo(root);
      assertEveryWritePresent(f, ctx, writers);
    }
  }

  @Test
  void aRestartAfterASwapOpensTheMigratedStore() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      f.start();
      ContextId ctx = f.createKvStore();
      f.set(ctx, "before", "1");
      awaitFinished(f, f.node.swapProvider("storage", "rocksdb").id());
      f.set(ctx, "after", "2");
      Hash root = f.contexts().get(ctx).orElseThrow().rootHash();
      f.restart();
      assertThat(Files.readString(f.home.configFile())).contains("provider = \"rocksdb\"");
      assertThat(f.node.providerStatus())
          .contains(new CapabilityStatus("storage", "rocksdb", List.of("mapdb", "rocksdb")));
      assertThat(f.contexts().get(ctx).orElseThrow().rootHash()).isEqualTo(root);
      assertThat(f.get(ctx, "after")).contains("2");
    }
  }

  @Test
  void aMismatchFoundByVerificationRollsBackToTheLiveStore() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      f.storage.put("lossy", new LossyProvider());
      f.start();
      ContextId ctx = f.createKvStore();
      for (int i = 0; i < 50; i++) {
        f.set(ctx, "k" + i, "v" + i);
      }
      Hash root = f.contexts().get(ctx).orElseThrow().rootHash();
      SwapFixture.Writers writers = new SwapFixture.Writers(f, ctx, 2);
      SwapJob job;
      try (writers) {
        job = awaitFinished(f, f.node.swapProvider("storage", "lossy").id());
      }
      assertThat(job.phase()).isEqualTo(SwapJob.Phase.ROLLED_BACK);
      assertThat(job.errorType()).contains("MigrationVerificationException");
      assertThat(f.node.status().orElseThrow().providers()).containsEntry("storage", "mapdb");
      assertThat(Files.readString(f.home.configFile())).contains("provider = \"mapdb\"");
      assertThat(writers.failures).isEmpty();
      assertEveryWritePresent(f, ctx, writers);
      assertThat(f.get(ctx, "k7")).contains("v7");
      assertThat(f.contexts().get(ctx).orElseThrow().rootHash()).isNotEqualTo(root);
      f.set(ctx, "later", "x");
      assertThat(f.get(ctx, "later")).contains("x");
    }
  }

  @Test
  void swapsThatCannotStartAreRefusedWithTypedErrors() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      f.start();
      assertThatThrownBy(() -> f.node.swapProvider("storage", "mapdb"))
          .isInstanceOf(ProviderAlreadyActiveException.class);
      assertThatThrownBy(() -> f.node.swapProvider("storage", "leveldb"))
          .isInstanceOf(ProviderMissingException.class);
      assertThatThrownBy(() -> f.node.swapProvider("transport", "libp2p"))
          .isInstanceOf(UnknownCapabilityException.class);
    }
  }

  private static SwapJob swapUnderLoad(SwapFixture f, SwapFixture.Writers writers, String to) {
    int before = writers.acknowledged.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> writers.acknowledged.size() > before + 20);
    SwapJob job = awaitFinished(f, f.node.swapProvider("storage", to).id());
    assertThat(job.phase()).as("%s", job).isEqualTo(SwapJob.Phase.DONE);
    assertThat(job.done()).as("a finished job reads all done: %s", job).isEqualTo(job.total());
    int switched = writers.acknowledged.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> writers.acknowledged.size() > switched + 20);
    return job;
  }

  static SwapJob awaitFinished(SwapFixture f, String id) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> f.node.swapJob(id), job -> job.phase().finished());
  }

  private static void assertEveryWritePresent(
      SwapFixture f, ContextId ctx, SwapFixture.Writers writers) {
    assertThat(writers.acknowledged).hasSizeGreaterThan(40);
    for (String key : writers.acknowledged) {
      String suffix = key.substring(key.indexOf('-') + 1);
      assertThat(f.get(ctx, key)).as(key).contains("v" + suffix);
    }
  }

  /** RocksDB that silently loses every 50th put: the copy looks fine until it is verified. */
  static final class LossyProvider implements StorageProvider {
    @Override
    public String name() {
      return "lossy";
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      StorageEngine real = new RocksDbStorageProvider().open(config);
      AtomicInteger puts = new AtomicInteger();
      return new StorageEngine() {
        @Override
        public dev.mero4j.storage.api.Keyspace keyspace(String name) {
          return real.keyspace(name);
        }

        @Override
        public java.util.Set<String> keyspaces() {
          return real.keyspaces();
        }

        @Override
        public void write(WriteBatch batch) {
          WriteBatch kept = new WriteBatch();
          for (WriteBatch.Operation op : batch.operations()) {
            if (op.isDelete()) {
              kept.delete(op.keyspace(), op.key());
            } else if (puts.incrementAndGet() % 50 != 0) {
              kept.put(op.keyspace(), op.key(), op.value());
            }
          }
          real.write(kept);
        }

        @Override
        public dev.mero4j.storage.api.StorageSnapshot snapshot() {
          return real.snapshot();
        }

        @Override
        public void close() {
          real.close();
        }
      };
    }
  }
}
