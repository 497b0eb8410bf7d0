package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a state at a past delta is read from storage: the deltas between the base and the target come
 * in one range read of the DAG's records, not as two point lookups per delta (which made a rebuild
 * of a few hundred deltas cost hundreds of milliseconds on MapDB).
 */
class TimeTravelReadsTest {
  @TempDir Path dir;

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  /** A real engine whose point reads of one keyspace are counted. */
  private static final class CountingStorage implements StorageEngine {
    private final StorageEngine engine;
    private final String counted;
    final AtomicInteger gets = new AtomicInteger();

    CountingStorage(StorageEngine engine, String counted) {
      this.engine = engine;
      this.counted = counted;
    }

    @Override
    public Keyspace keyspace(String name) {
      Keyspace real = engine.keyspace(name);
      if (!name.equals(counted)) {
        return real;
      }
      return new Keyspace() {
        @Override
        public String name() {
          return real.name();
        }

        @Override
        public Optional<byte[]> get(byte[] key) {
          gets.incrementAndGet();
          return real.get(key);
        }

        @Override
        public KeyValueCursor range(byte[] from, byte[] to) {
          return real.range(from, to);
        }

        @Override
        public void put(byte[] key, byte[] value) {
          real.put(key, value);
        }

        @Override
        public void delete(byte[] key) {
          real.delete(key);
        }
      };
    }

    @Override
    public Set<String> keyspaces() {
      return engine.keyspaces();
    }

    @Override
    public void write(WriteBatch batch) {
      engine.write(batch);
    }

    @Override
    public StorageSnapshot snapshot() {
      return engine.snapshot();
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  private static ContextManager node(StorageEngine storage) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void aStateHundredsOfDeltasBackIsReadByRangeNotOneLookupPerDelta() {
    Path store = dir.resolve("a");
    StorageEngine first = new MapDbStorageProvider().open(StorageConfig.at(store));
    ContextManager writer = node(first);
    ContextId ctx =
        writer
            .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
            .contextId();
    List<DeltaId> written = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      written.add(
          writer
              .execute(
                  ctx,
                  "set",
                  "{\"key\":\"k" + (i % 20) + "\",\"value\":\"" + i + "\"}",
                  Optional.empty())
              .delta()
              .orElseThrow());
    }
    first.close();

    CountingStorage counting =
        new CountingStorage(new MapDbStorageProvider().open(StorageConfig.at(store)), "dag");
    try {
      ContextManager reopened = node(counting);
      reopened.execute(ctx, "get", "{\"key\":\"k0\"}", Optional.empty());
      counting.gets.set(0);

      String at499 =
          reopened
              .executeAt(ctx, written.get(499), "get", "{\"key\":\"k19\"}", Optional.empty())
              .outputJson();

      assertThat(at499).isEqualTo("\"499\"");
      // 500 deltas replayed from the empty state: the old walk made two point reads per delta
      // (its apply order, then its body), over 1,000 in all.
      assertThat(counting.gets.get()).isLessThan(20);
      assertThat(
              reopened
                  .executeAt(ctx, written.get(20), "get", "{\"key\":\"k0\"}", Optional.empty())
                  .outputJson())
          .isEqualTo("\"20\"");
    } finally {
      counting.close();
    }
  }
}
