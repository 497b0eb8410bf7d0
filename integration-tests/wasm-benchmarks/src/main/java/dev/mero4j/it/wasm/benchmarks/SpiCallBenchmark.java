package dev.mero4j.it.wasm.benchmarks;

import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.tck.TckHost;
import dev.mero4j.wasm.tck.WasmCorpus;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Calls through the WasmEngine SPI: metered module, limit globals set per call, watchdog armed. */
@State(Scope.Thread)
public class SpiCallBenchmark {
  @Param({"chicory", "wasmtime"})
  public String engine;

  private WasmEngine wasmEngine;
  private CompiledModule module;
  private List<HostImport> imports;
  private WasmInstance instance;

  @Setup
  public void setUp() {
    wasmEngine = "chicory".equals(engine) ? new ChicoryWasmEngine() : new WasmtimeWasmEngine();
    if (!wasmEngine.availability().available()) {
      throw new IllegalStateException(wasmEngine.availability().reason());
    }
    module = wasmEngine.compile(WasmCorpus.wasm("basic"));
    imports = new TckHost().imports();
    instance = module.instantiate(imports);
  }

  @TearDown
  public void tearDown() throws Exception {
    instance.close();
    ((AutoCloseable) wasmEngine).close();
  }

  /** A trivial export: i32.add of its two arguments. */
  @Benchmark
  public long trivialCall() {
    return instance.call("add_i32", 40, 2)[0];
  }

  /** An export that calls a host function once and returns its result. */
  @Benchmark
  public long hostRoundTrip() {
    return instance.call("call_host", 40, 2)[0];
  }

  /**
   * A fresh instance per call, as the host ABI runs every method: link the imports, allocate and
   * initialize memory, run the start function, call a trivial export, close.
   */
  @Benchmark
  public long instantiateAndCall() {
    try (WasmInstance fresh = module.instantiate(imports)) {
      return fresh.call("add_i32", 40, 2)[0];
    }
  }

  /**
   * A loop of about 13k metered instructions (sum_to 1000): the metering cost inside guest code.
   */
  @Benchmark
  public long loop1000() {
    return instance.call("sum_to", 1000)[0];
  }
}
