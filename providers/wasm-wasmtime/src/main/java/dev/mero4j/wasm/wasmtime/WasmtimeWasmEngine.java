package dev.mero4j.wasm.wasmtime;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.EngineUnavailableException;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.metering.MeteredModule;
import dev.mero4j.wasm.metering.Metering;
import dev.mero4j.wasm.wasmtime.internal.ModuleCache;
import dev.mero4j.wasm.wasmtime.internal.NativeRuntime;
import dev.mero4j.wasm.wasmtime.internal.WasmtimeCompiler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs metered modules on Wasmtime (Cranelift) through JNI. The native library loads on first use;
 * if it cannot, {@link #availability()} says why and {@link #compile} throws {@link
 * EngineUnavailableException}, while the node keeps running on another engine.
 */
@Component(service = WasmEngine.class, property = "mero4j.provider=wasmtime")
@ServiceProvider(value = WasmEngine.class, resolution = Resolution.OPTIONAL)
public final class WasmtimeWasmEngine implements WasmEngine, AutoCloseable {
  /** The name used in configuration. */
  public static final String NAME = "wasmtime";

  /** Compiled modules kept; Cranelift takes tens to hundreds of milliseconds per module. */
  public static final int DEFAULT_CACHE_SIZE = 64;

  private final NativeRuntime runtime;
  private final ModuleCache cache = new ModuleCache(DEFAULT_CACHE_SIZE);

  public WasmtimeWasmEngine() {
    this(NativeRuntime.LOADER);
  }

  /** An engine whose native library is loaded by {@code loader} (tests simulate a failure). */
  WasmtimeWasmEngine(Runnable loader) {
    this.runtime = new NativeRuntime(loader);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Availability availability() {
    return runtime.availability();
  }

  @Override
  public CompiledModule compile(byte[] wasm, WasmLimits limits) {
    Availability availability = runtime.availability();
    if (!availability.available()) {
      throw new EngineUnavailableException("wasmtime engine unavailable: " + availability.reason());
    }
    MeteredModule metered = Metering.instrument(wasm, limits);
    String key = metered.hash().toHex() + "/" + limits.maxMemoryPages() + "/v" + Metering.VERSION;
    return cache.get(key, () -> WasmtimeCompiler.compile(runtime, metered)).withMetered(metered);
  }

  @Deactivate
  @Override
  public void close() {
    cache.clear();
    runtime.close();
  }
}
