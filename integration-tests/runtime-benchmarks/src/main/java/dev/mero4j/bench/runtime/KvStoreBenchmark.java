package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One kv-store call through the whole runtime: argument check, a pooled WASM instance, host
 * functions, the CRDT write, the signed delta and envelope, the DAG and one storage batch ({@code
 * set}); or a read-only call ({@code get}). The fork runs with {@code -XX:-DontCompileHugeMethods}
 * as the node's launcher does (kv-store's exported methods compile to JVM methods over HotSpot's
 * 8,000-byte JIT limit).
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KvStoreBenchmark {
  @Param({"chicory", "wasmtime"})
  public String engine;

  @Param({"mapdb", "memory"})
  public String storageProvider;

  private StorageEngine storage;
  private ContextManager contexts;
  private ContextId ctx;
  private long counter;
  private Path dir;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("mero4j-bench");
    storage =
        ("memory".equals(storageProvider)
                ? new dev.mero4j.storage.memory.MemoryStorageProvider()
                : new MapDbStorageProvider())
            .open(StorageConfig.at(dir));
    WasmEngine wasm = "chicory".equals(engine) ? new ChicoryWasmEngine() : new WasmtimeWasmEngine();
    ApplicationManager apps = new ApplicationManager(storage, wasm, RuntimeLimits.DEFAULT);
    contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    ctx = contexts.create(apps.install(kv, "bench").id(), "{}").contextId();
    for (int i = 0; i < 1000; i++) {
      contexts.execute(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}", Optional.empty());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    storage.close();
  }

  @Benchmark
  public String set() {
    long n = counter++;
    return contexts
        .execute(
            ctx,
            "set",
            "{\"key\":\"k" + (n % 1000) + "\",\"value\":\"" + n + "\"}",
            Optional.empty())
        .outputJson();
  }

  @Benchmark
  public String get() {
    long n = counter++;
    return contexts
        .execute(ctx, "get", "{\"key\":\"k" + (n % 1000) + "\"}", Optional.empty())
        .outputJson();
  }
}
