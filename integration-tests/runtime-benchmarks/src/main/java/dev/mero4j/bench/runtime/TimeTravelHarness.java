package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time travel: a read-only call against the state at a delta far back in a long context, with the
 * real runtime on MapDB files and Chicory (not JMH: building the context dominates, and each sample
 * is one call).
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.TimeTravelHarness [deltas] [back] [samples] [keys] [writers]
 *   defaults:                                                            100000   10000  21        1000   4
 * </pre>
 *
 * Writes {@code deltas} kv-store sets (keys cycle over {@code keys}, so the state stays {@code
 * keys} entries; {@code writers} threads share the context's group commit), reopens the store as a
 * restarted node would, finds the delta {@code back} deltas before the head through the history
 * pages, then times {@code samples} calls of {@code get} at that delta (first one reported apart:
 * cold caches) and the same at the live state for comparison.
 *
 * <p>With {@code -Dmero4j.travel.dir=DIR}, the store is kept in {@code DIR}: the first run writes
 * the context there, later runs with the same arguments reopen it and only time the calls (so three
 * runs do not write the context three times).
 */
public final class TimeTravelHarness {
  private TimeTravelHarness() {}

  public static void main(String[] args) throws Exception {
    int deltas = arg(args, 0, 100_000);
    int back = arg(args, 1, 10_000);
    int samples = arg(args, 2, 21);
    int keys = arg(args, 3, 1_000);
    int writers = arg(args, 4, 4);
    String keep = System.getProperty("mero4j.travel.dir");
    Path dir = keep == null ? Files.createTempDirectory("mero4j-travel-bench") : Path.of(keep);
    Path written = dir.resolve("context-" + deltas + "-" + keys + ".id");
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    ChicoryWasmEngine engine = new ChicoryWasmEngine();

    ContextId ctx;
    if (Files.exists(written)) {
      ctx = ContextId.fromHex(Files.readString(written).strip());
      System.out.printf("reusing the %,d-delta context written in %s%n", deltas, dir);
    } else {
      ctx = write(dir, kv, engine, deltas, keys, writers);
      Files.writeString(written, ctx.toHex());
    }
    timeCalls(dir, engine, ctx, deltas, back, samples, keys);
  }

  private static ContextId write(
      Path dir, byte[] kv, ChicoryWasmEngine engine, int deltas, int keys, int writers)
      throws Exception {
    StorageEngine storage = open(dir);
    ApplicationManager apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
    ApplicationId app = apps.install(kv, "bench").id();
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    ContextId ctx = contexts.create(app, "{}").contextId();
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Future<?>[] running = new Future<?>[writers];
    for (int w = 0; w < writers; w++) {
      running[w] =
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < deltas; i = next.getAndIncrement()) {
                  contexts.execute(
                      ctx,
                      "set",
                      "{\"key\":\"k" + (i % keys) + "\",\"value\":\"v" + i + "\"}",
                      Optional.empty());
                  if (i % 10_000 == 0) {
                    System.out.printf("  %,d written%n", i);
                  }
                }
                return null;
              });
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("%,d deltas written in %.1f s%n", deltas, (System.nanoTime() - start) / 1e9);
    storage.close();
    return ctx;
  }

  private static void timeCalls(
      Path dir,
      ChicoryWasmEngine engine,
      ContextId ctx,
      int deltas,
      int back,
      int samples,
      int keys) {
    StorageEngine storage = open(dir);
    ApplicationManager apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
    ContextManager reopened =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    DeltaId target = deltaBack(reopened, ctx, back);
    String args0 = "{\"key\":\"k1\"}";
    long[] times = new long[samples];
    for (int s = 0; s < samples; s++) {
      long t0 = System.nanoTime();
      reopened.executeAt(ctx, target, "get", args0, Optional.empty());
      times[s] = System.nanoTime() - t0;
    }
    long[] live = new long[samples];
    for (int s = 0; s < samples; s++) {
      long t0 = System.nanoTime();
      reopened.execute(ctx, "get", args0, Optional.empty());
      live[s] = System.nanoTime() - t0;
    }
    System.out.printf(
        "state at a delta %,d back in a %,d-delta context (%,d keys): first %.1f ms, then p50 %.1f"
            + " ms, p90 %.1f ms, max %.1f ms over %d calls%n",
        back,
        deltas,
        keys,
        times[0] / 1e6,
        pct(times, 50),
        pct(times, 90),
        pct(times, 100),
        samples - 1);
    System.out.printf("live-state get for comparison: p50 %.3f ms%n", pct(live, 50));
    storage.close();
  }

  /** The delta {@code back} deltas before the newest, found through history pages. */
  static DeltaId deltaBack(ContextManager contexts, ContextId ctx, int back) {
    Optional<String> cursor = Optional.empty();
    int seen = 0;
    while (true) {
      int limit = Math.min(1000, back + 1 - seen);
      HistoryPage page = contexts.history(ctx, limit, cursor);
      seen += page.deltas().size();
      if (seen > back || page.next().isEmpty()) {
        return page.deltas().get(page.deltas().size() - 1).id();
      }
      cursor = page.next();
    }
  }

  /** Percentile in ms over samples after the first. */
  private static double pct(long[] nanos, int p) {
    long[] warm = Arrays.copyOfRange(nanos, nanos.length > 1 ? 1 : 0, nanos.length);
    Arrays.sort(warm);
    int i = Math.min(warm.length - 1, (int) Math.ceil(p / 100.0 * warm.length) - 1);
    return warm[Math.max(0, i)] / 1e6;
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  private static StorageEngine open(Path dir) {
    return new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("store")));
  }
}
