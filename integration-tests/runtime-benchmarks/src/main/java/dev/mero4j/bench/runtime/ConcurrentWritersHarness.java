package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrent writers on one context of one node (MapDB, Chicory, the kv-store app): what the group
 * commit is for. Prints committed writes per second over the whole run.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.ConcurrentWritersHarness [threads] [calls each]
 * </pre>
 */
public final class ConcurrentWritersHarness {
  private ConcurrentWritersHarness() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    Path dir = Files.createTempDirectory("mero4j-writers-bench");
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ApplicationId app = apps.install(kv, "bench").id();
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    ContextId ctx = contexts.create(app, "{}").contextId();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(contexts, ctx, pool, threads, calls / 5); // warm-up
      long start = System.nanoTime();
      run(contexts, ctx, pool, threads, calls);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%d writers x %d sets on one context: %.2f s, %.0f writes/s%n",
          threads, calls, seconds, threads * calls / seconds);
    } finally {
      pool.shutdownNow();
      storage.close();
    }
  }

  private static void run(
      ContextManager contexts, ContextId ctx, ExecutorService pool, int threads, int calls)
      throws Exception {
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < calls; i++) {
                  contexts.execute(
                      ctx,
                      "set",
                      "{\"key\":\"w" + thread + "-" + (i % 100) + "\",\"value\":\"" + i + "\"}",
                      Optional.empty());
                }
                return null;
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
  }
}
