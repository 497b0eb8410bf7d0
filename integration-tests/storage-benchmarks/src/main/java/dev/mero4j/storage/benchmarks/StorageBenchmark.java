package dev.mero4j.storage.benchmarks;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of single puts, gets of present keys and 100-put batches, with 16-byte keys and
 * 100-byte values, against a store preloaded with {@link #PRELOADED} keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StorageBenchmark {
  static final int PRELOADED = 100_000;
  static final int BATCH_SIZE = 100;
  static final int VALUE_BYTES = 100;
  private static final String KEYSPACE = "bench";

  @Param({"mapdb", "rocksdb", "memory"})
  public String provider;

  private Path directory;
  private StorageEngine engine;
  private Keyspace keyspace;
  private final byte[] value = new byte[VALUE_BYTES];

  @Setup(Level.Trial)
  public void open() throws IOException {
    StorageProvider storage =
        switch (provider) {
          case "mapdb" -> new MapDbStorageProvider();
          case "rocksdb" -> new RocksDbStorageProvider();
          default -> new MemoryStorageProvider();
        };
    directory = Files.createTempDirectory("mero4j-bench");
    engine = storage.open(StorageConfig.at(directory));
    keyspace = engine.keyspace(KEYSPACE);
    new SplittableRandom(1).nextBytes(value);
    for (int start = 0; start < PRELOADED; start += 1000) {
      WriteBatch batch = new WriteBatch();
      for (int i = start; i < start + 1000; i++) {
        batch.put(KEYSPACE, key(i), value);
      }
      engine.write(batch);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    engine.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Per-thread randomness, seeded so that runs are comparable. */
  @State(Scope.Thread)
  public static class Keys {
    final SplittableRandom random = new SplittableRandom(42);
    long next = PRELOADED;
  }

  @Benchmark
  public void put(Keys keys) {
    keyspace.put(key(keys.next++), value);
  }

  @Benchmark
  public byte[] get(Keys keys) {
    return keyspace.get(key(keys.random.nextInt(PRELOADED))).orElseThrow();
  }

  /** One op = one atomic batch of {@link #BATCH_SIZE} puts. */
  @Benchmark
  public void batch100(Keys keys) {
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < BATCH_SIZE; i++) {
      batch.put(KEYSPACE, key(keys.next++), value);
    }
    engine.write(batch);
  }

  /** 16 bytes: a fixed prefix, as in namespaced app keys, then the big-endian number. */
  static byte[] key(long n) {
    return ByteBuffer.allocate(16).putLong(0x6d65726f346a2f73L).putLong(n).array();
  }
}
