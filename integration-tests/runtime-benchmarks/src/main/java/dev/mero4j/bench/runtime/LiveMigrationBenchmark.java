package dev.mero4j.bench.runtime;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapJob;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Live MapDB → RocksDB migration of a node holding a kv-store context and {@code entries} bulk
 * entries, while kv-store writers keep calling {@code set}: total time, time per phase, the write
 * pause and the slowest {@code set} during the migration; then kv-store write throughput on each
 * storage provider. Run by {@code run-swap.sh}, never by the test suite.
 *
 * <p>Arguments: {@code [entries (default 1000000)] [throughput seconds per provider (default 20; 0
 * skips)] [from (mapdb)] [to (rocksdb)]}.
 */
public final class LiveMigrationBenchmark {
  /**
   * kv-store writers running during the migration and the throughput runs (the machine has 2
   * cores).
   */
  static final int WRITERS = 2;

  /** Entries per bulk batch while the store is filled. */
  static final int BULK_BATCH = 10_000;

  /** Bytes of each bulk value: about the size of a signed delta envelope of a small set. */
  static final int VALUE_BYTES = 200;

  private LiveMigrationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String from = args.length > 2 ? args[2] : "mapdb";
    String to = args.length > 3 ? args[3] : "rocksdb";
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    migration(kv, entries, from, to);
    for (String provider :
        seconds > 0 ? List.of("mapdb", "rocksdb", "memory") : List.<String>of()) {
      throughput(kv, provider, seconds);
    }
  }

  private static void migration(byte[] kv, int entries, String from, String to) throws Exception {
    try (Bench bench = new Bench(from)) {
      ContextId ctx = bench.kvStore(kv);
      for (int i = 0; i < 1000; i++) {
        bench.set(ctx, "seed-" + i, "v");
      }
      long fill = System.nanoTime();
      byte[] value = new byte[VALUE_BYTES];
      for (int i = 0; i < entries; i += BULK_BATCH) {
        WriteBatch batch = new WriteBatch();
        for (int j = i; j < Math.min(entries, i + BULK_BATCH); j++) {
          batch.put(
              "bench-bulk",
              ByteBuffer.allocate(16).putLong(j * 0x9E3779B97F4A7C15L).putLong(j).array(),
              value);
        }
        bench.node.storage().write(batch);
      }
      System.out.printf(
          "filled %,d bulk entries into %s in %.1f s%n",
          entries, from, (System.nanoTime() - fill) / 1e9);

      Load load = new Load(bench, ctx);
      LockSupport.parkNanos(3_000_000_000L);
      long before = load.calls.get();
      long start = System.nanoTime();
      String id = bench.node.swapProvider("storage", to).id();
      Map<SwapJob.Phase, Long> phaseStart = new LinkedHashMap<>();
      SwapJob job;
      do {
        LockSupport.parkNanos(20_000_000L);
        job = bench.node.swapJob(id);
        phaseStart.putIfAbsent(job.phase(), System.nanoTime());
      } while (!job.phase().finished());
      long migrationNanos = System.nanoTime() - start;
      long during = load.calls.get() - before;
      load.close();
      System.out.printf(
          "migration %s -> %s %s: %.1f s total, write pause %d ms, %,d sets during it (%.0f/s), slowest set %.1f ms%n",
          from,
          to,
          job.phase(),
          migrationNanos / 1e9,
          job.pauseMillis(),
          during,
          during / (migrationNanos / 1e9),
          load.maxNanos.get() / 1e6);
      List<SwapJob.Phase> phases = new ArrayList<>(phaseStart.keySet());
      for (int i = 0; i < phases.size() - 1; i++) {
        System.out.printf(
            "  %-12s %.1f s%n",
            phases.get(i),
            (phaseStart.get(phases.get(i + 1)) - phaseStart.get(phases.get(i))) / 1e9);
      }
      job.error().ifPresent(e -> System.out.println("  error: " + e));
    }
  }

  private static void throughput(byte[] kv, String provider, int seconds) throws Exception {
    try (Bench bench = new Bench(provider)) {
      ContextId ctx = bench.kvStore(kv);
      Load warmup = new Load(bench, ctx);
      LockSupport.parkNanos(5_000_000_000L);
      warmup.close();
      Load load = new Load(bench, ctx);
      long start = System.nanoTime();
      LockSupport.parkNanos(seconds * 1_000_000_000L);
      long calls = load.calls.get();
      double elapsed = (System.nanoTime() - start) / 1e9;
      load.close();
      System.out.printf(
          "throughput %-8s %,.0f sets/s (%d writers, %d s)%n",
          provider, calls / elapsed, WRITERS, seconds);
    }
  }

  /** A node on {@code storage} with Chicory, no transport, the API on an ephemeral port. */
  static final class Bench implements AutoCloseable {
    final Path dir;
    final Mero4jNode node;

    Bench(String storage) throws Exception {
      dir = Files.createTempDirectory("mero4j-swap-bench");
      NodeHome home =
          NodeHome.init(
              dir, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
      home.recordProvider("storage", "provider", storage);
      NodeConfig config = home.loadConfig();
      Map<String, StorageProvider> providers =
          Map.of(
              "mapdb",
              new MapDbStorageProvider(),
              "rocksdb",
              new RocksDbStorageProvider(),
              "memory",
              new MemoryStorageProvider());
      node =
          new Mero4jNode(
              home,
              config,
              home.loadIdentity(config),
              new ProviderSet(providers, Map.of(), Map.of("chicory", new ChicoryWasmEngine())));
      node.start();
    }

    ContextId kvStore(byte[] kv) {
      return contexts()
          .create(node.applications().orElseThrow().install(kv, "kv-store").id(), "{}")
          .contextId();
    }

    ContextService contexts() {
      return node.contexts().orElseThrow();
    }

    void set(ContextId ctx, String key, String value) {
      contexts()
          .execute(
              ctx,
              "set",
              "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}",
              Optional.empty());
    }

    @Override
    public void close() {
      node.close();
    }
  }

  /** kv-store writers with fresh keys, counting calls and the slowest one. */
  static final class Load implements AutoCloseable {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong maxNanos = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Load(Bench bench, ContextId ctx) {
      for (int w = 0; w < WRITERS; w++) {
        String prefix = "load" + w + "-" + System.nanoTime() + "-";
        Thread thread =
            new Thread(
                () -> {
                  for (long i = 0; !stop.get(); i++) {
                    long t = System.nanoTime();
                    bench.set(ctx, prefix + i, "value-" + i);
                    maxNanos.accumulateAndGet(System.nanoTime() - t, Math::max);
                    calls.incrementAndGet();
                  }
                });
        threads.add(thread);
        thread.start();
      }
    }

    @Override
    public void close() {
      stop.set(true);
      for (Thread thread : threads) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
