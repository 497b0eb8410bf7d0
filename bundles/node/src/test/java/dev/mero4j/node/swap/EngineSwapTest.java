package dev.mero4j.node.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.node.SwapJob;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chicory to Wasmtime and back while kv-store calls keep coming: no call fails, new calls use the
 * new engine.
 */
class EngineSwapTest {
  @TempDir Path dir;

  @Test
  void callsKeepSucceedingAcrossEngineSwapsAndNewCallsRunOnTheNewEngine() throws Exception {
    try (SwapFixture f = new SwapFixture(dir, "chicory")) {
      CountingEngine wasmtime = new CountingEngine(new WasmtimeWasmEngine());
      f.engines.put("wasmtime", wasmtime);
      f.start();
      ContextId ctx = f.createKvStore();
      f.set(ctx, "fixed", "here");
      AtomicInteger reads = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean stopReading =
          new java.util.concurrent.atomic.AtomicBoolean();
      SwapFixture.Writers writers = new SwapFixture.Writers(f, ctx, 2);
      Thread reader =
          new Thread(
              () -> {
                while (!stopReading.get()) {
                  try {
                    if (f.get(ctx, "fixed").contains("here")) {
                      reads.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    writers.failures.add(e);
                  }
                }
              });
      reader.start();
      try (writers) {
        await().until(() -> writers.acknowledged.size() > 10 && reads.get() > 10);
        SwapJob toWasmtime =
            LiveStorageMigrationTest.awaitFinished(f, f.node.swapProvider("wasm", "wasmtime").id());
        assertThat(toWasmtime.phase()).as("%s", toWasmtime).isEqualTo(SwapJob.Phase.DONE);
        assertThat(wasmtime.compiles.get())
            .as("compiled before the switch, not on the first call")
            .isEqualTo(1);
        int acked = writers.acknowledged.size();
        await()
            .until(() -> writers.acknowledged.size() > acked + 10 && wasmtime.instances.get() > 0);
        assertThat(f.node.status().orElseThrow().providers()).containsEntry("wasm", "wasmtime");

        SwapJob back =
            LiveStorageMigrationTest.awaitFinished(f, f.node.swapProvider("wasm", "chicory").id());
        assertThat(back.phase()).isEqualTo(SwapJob.Phase.DONE);
        int onWasmtime = wasmtime.instances.get();
        int ackedBack = writers.acknowledged.size();
        await().until(() -> writers.acknowledged.size() > ackedBack + 10);
        assertThat(wasmtime.instances.get())
            .as("no new instance on the old engine")
            .isEqualTo(onWasmtime);
      } finally {
        stopReading.set(true);
        reader.join();
      }
      assertThat(writers.failures).isEmpty();
      assertThat(Files.readString(f.home.configFile())).contains("wasm_engine = \"chicory\"");
      for (String key : writers.acknowledged) {
        assertThat(f.get(ctx, key)).as(key).isNotNull().contains("v");
      }
    }
  }

  /** An engine that counts compilations and instances. */
  static final class CountingEngine implements WasmEngine {
    final AtomicInteger compiles = new AtomicInteger();
    final AtomicInteger instances = new AtomicInteger();
    private final WasmEngine real;

    CountingEngine(WasmEngine real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public Availability availability() {
      return real.availability();
    }

    @Override
    public CompiledModule compile(byte[] wasm, WasmLimits limits) {
      compiles.incrementAndGet();
      CompiledModule module = real.compile(wasm, limits);
      return (CompiledModule)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {CompiledModule.class},
              (proxy, method, args) -> {
                Object result = invoke(method, module, args);
                if (result instanceof WasmInstance) {
                  instances.incrementAndGet();
                }
                return result;
              });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
