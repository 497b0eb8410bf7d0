package dev.mero4j.server.benchmarks;

import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.ApiServer;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness: N client threads on loopback call JSON-RPC {@code execute} of kv-store {@code set}
 * with distinct keys as fast as they can; prints sustained requests/s and p50/p90/p99 latency.
 *
 * <pre>
 * ExecuteLoad [--runtime fake|real] [--storage memory|mapdb] [--clients 16] [--warmup 10] [--seconds 30] [--wasm PATH]
 * </pre>
 */
public final class ExecuteLoad {
  private ExecuteLoad() {}

  public static void main(String[] args) throws Exception {
    String runtime = option(args, "--runtime", "fake");
    String storageKind = option(args, "--storage", "mapdb");
    int clients = Integer.parseInt(option(args, "--clients", "16"));
    int warmup = Integer.parseInt(option(args, "--warmup", "10"));
    int seconds = Integer.parseInt(option(args, "--seconds", "30"));
    Path wasm = Path.of(option(args, "--wasm", "app-templates/prebuilt/kv-store.wasm"));

    Path dir = Files.createTempDirectory("mero4j-load");
    StorageEngine storage = null;
    ApplicationRegistry apps;
    ContextService contexts;
    byte[] app;
    if (runtime.equals("real")) {
      StorageConfig config = StorageConfig.at(dir);
      storage =
          storageKind.equals("memory")
              ? new MemoryStorageProvider().open(config)
              : new MapDbStorageProvider().open(config);
      ApplicationManager manager =
          new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
      apps = manager;
      contexts =
          new ContextManager(
              storage, manager, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
      app = Files.readAllBytes(wasm);
    } else {
      FakeKvRuntime fake = new FakeKvRuntime();
      apps = fake.applications();
      contexts = fake.contexts();
      app = FakeKvRuntime.KV_STORE;
    }
    ApiServer server =
        new ApiServer(ApiServerConfig.loopback(0), apps, contexts, TestNode.nodeInfo());
    URI url = server.start();
    server.setReady(true);
    try {
      Api api = new Api(url);
      String appId = api.post("/admin-api/applications", app).data().get("applicationId").asText();
      String context =
          api.post("/admin-api/contexts", "{\"applicationId\":\"" + appId + "\"}")
              .data()
              .get("contextId")
              .asText();
      System.out.printf(
          "runtime=%s storage=%s clients=%d warmup=%ds measure=%ds cores=%d java=%s%n",
          runtime,
          runtime.equals("real") ? storageKind : "-",
          clients,
          warmup,
          seconds,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      run(url, context, clients, Duration.ofSeconds(warmup), false);
      run(url, context, clients, Duration.ofSeconds(seconds), true);
    } finally {
      server.close();
      if (storage != null) {
        storage.close();
      }
    }
  }

  private static void run(URI url, String context, int clients, Duration duration, boolean report)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(clients);
    int[] counts = new int[clients];
    for (int c = 0; c < clients; c++) {
      long[] samples = new long[4_000_000];
      latencies.add(samples);
      int client = c;
      Thread thread =
          new Thread(
              () -> {
                RawHttpClient http;
                try {
                  http = new RawHttpClient(url);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                StringBuilder response = new StringBuilder();
                started.countDown();
                int n = 0;
                while (!stop.get() && n < samples.length) {
                  String body =
                      "{\"jsonrpc\":\"2.0\",\"id\":"
                          + n
                          + ",\"method\":\"execute\",\"params\":{\"contextId\":\""
                          + context
                          + "\",\"method\":\"set\",\"argsJson\":{\"key\":\"c"
                          + client
                          + "-"
                          + n
                          + "\",\"value\":\"v"
                          + n
                          + "\"}}}";
                  long start = System.nanoTime();
                  try {
                    int status = http.post("/jsonrpc", body, response);
                    if (status != 200 || response.indexOf("\"error\"") >= 0) {
                      errors.incrementAndGet();
                    }
                  } catch (java.io.IOException e) {
                    errors.incrementAndGet();
                    break;
                  }
                  samples[n++] = System.nanoTime() - start;
                }
                counts[client] = n;
                try {
                  http.close();
                } catch (java.io.IOException e) {
                  errors.incrementAndGet();
                }
              },
              "load-" + c);
      threads.add(thread);
      thread.start();
    }
    started.await();
    long cpuBegin = processCpuNanos();
    long begin = System.nanoTime();
    Thread.sleep(duration.toMillis());
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuBegin) / 1e9;
    if (!report) {
      return;
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf(
        "requests=%d errors=%d elapsed=%.1fs throughput=%.0f req/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
        total,
        errors.get(),
        elapsed,
        total / elapsed,
        pct(all, 50),
        pct(all, 90),
        pct(all, 99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    double cpuPerRequest = cpuSeconds / Math.max(1, total);
    System.out.printf(
        "process cpu=%.1fs (%.2f cores busy) cpu/request=%.0fus (server and client together) "
            + "-> capacity with all %d cores=%.0f req/s; load average %.1f%n",
        cpuSeconds,
        cpuSeconds / elapsed,
        cpuPerRequest * 1e6,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors() / cpuPerRequest,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double pct(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[
            Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)]
        / 1e6;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
