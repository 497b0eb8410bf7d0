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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Retained heap per loaded context holding a given number of deltas, with the real runtime on MapDB
 * and Chicory (not JMH: it measures heap after full collections, not time).
 *
 * <pre>
 *   java -Xmx2g -cp benchmarks.jar dev.mero4j.bench.runtime.ContextMemoryHarness [contexts] [deltas per context]
 * </pre>
 *
 * Two measurements: the contexts as left by writing them in this process, and the same contexts
 * loaded by a fresh runtime over the reopened store (one read each), which is what a restarted node
 * holds. Each is the heap growth over a baseline taken with the application installed, divided by
 * the number of contexts. {@code -Dmero4j.bench.histogram=true} prints the top of a class histogram
 * at the end.
 */
public final class ContextMemoryHarness {
  /** Full collections before a reading; a few passes let finalizable and soft objects go. */
  private static final int GC_PASSES = 4;

  private ContextMemoryHarness() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int deltas = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path dir = Files.createTempDirectory("mero4j-mem-bench");
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    ChicoryWasmEngine engine = new ChicoryWasmEngine();

    StorageEngine storage = open(dir);
    ApplicationManager apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
    ApplicationId app = apps.install(kv, "bench").id();
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    long baseline = usedHeap();
    List<ContextId> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < count; c++) {
      ContextId ctx = contexts.create(app, "{}").contextId();
      ids.add(ctx);
      for (int i = 0; i < deltas; i++) {
        contexts.execute(
            ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"value-" + i + "\"}", Optional.empty());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = usedHeap();
    report("written in this process", count, deltas, written - baseline);
    System.out.printf(
        "  (%d deltas committed in %.1f s, %.0f/s)%n",
        count * deltas, seconds, count * deltas / seconds);
    contexts = null;
    apps = null;
    storage.close();

    storage = open(dir);
    apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
    ContextManager reloaded =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    if (apps.get(app).isEmpty()) {
      throw new IllegalStateException("application " + app + " lost after reopening");
    }
    long reopened = usedHeap();
    for (ContextId ctx : ids) {
      String value =
          reloaded.execute(ctx, "get", "{\"key\":\"k0\"}", Optional.empty()).outputJson();
      if (!"\"value-0\"".equals(value)) {
        throw new IllegalStateException("context " + ctx + " lost its state: " + value);
      }
    }
    long loaded = usedHeap();
    report("loaded by a fresh runtime", count, deltas, loaded - reopened);
    System.out.printf(
        "  heap: baseline %.1f MB, after writing %.1f MB, reopened %.1f MB, after loading %.1f MB%n",
        mb(baseline), mb(written), mb(reopened), mb(loaded));
    if (Boolean.getBoolean("mero4j.bench.histogram")) {
      printHistogram();
    }
    if (reloaded.list().size() != count) {
      throw new IllegalStateException("expected " + count + " contexts");
    }
    storage.close();
    System.exit(0);
  }

  /** The top of a live-object class histogram (what the loaded contexts are made of). */
  private static void printHistogram() throws Exception {
    javax.management.ObjectName name =
        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    name,
                    "gcClassHistogram",
                    new Object[] {null},
                    new String[] {String[].class.getName()});
    histogram
        .lines()
        .limit(Integer.getInteger("mero4j.bench.histogramLines", 28))
        .forEach(System.out::println);
  }

  private static StorageEngine open(Path dir) {
    return new MapDbStorageProvider().open(StorageConfig.at(dir));
  }

  private static void report(String phase, int count, int deltas, long bytes) {
    System.out.printf(
        "memory per context holding %d deltas (%s, %d contexts): %.3f MB (%.1f KB)%n",
        deltas, phase, count, mb(bytes) / count, bytes / 1024.0 / count);
  }

  private static long usedHeap() {
    for (int i = 0; i < GC_PASSES; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
