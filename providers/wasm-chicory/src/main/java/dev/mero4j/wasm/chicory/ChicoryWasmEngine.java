package dev.mero4j.wasm.chicory;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.chicory.internal.ChicoryCompiler;
import dev.mero4j.wasm.chicory.internal.ModuleCache;
import dev.mero4j.wasm.chicory.internal.Watchdog;
import dev.mero4j.wasm.metering.MeteredModule;
import dev.mero4j.wasm.metering.Metering;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs metered modules compiled to JVM bytecode by Chicory; compiled modules are cached by hash.
 */
@Component(service = WasmEngine.class, property = "mero4j.provider=chicory")
@ServiceProvider(value = WasmEngine.class, resolution = Resolution.OPTIONAL)
public final class ChicoryWasmEngine implements WasmEngine, AutoCloseable {
  /** The name used in configuration. */
  public static final String NAME = "chicory";

  /** Compiled modules kept: compiling costs about a second, a cached entry a few hundred KiB. */
  public static final int DEFAULT_CACHE_SIZE = 64;

  private final ModuleCache cache;
  private final Watchdog watchdog = new Watchdog(System::nanoTime);

  public ChicoryWasmEngine() {
    this(DEFAULT_CACHE_SIZE);
  }

  /** An engine that keeps at most {@code cacheSize} compiled modules. */
  public ChicoryWasmEngine(int cacheSize) {
    this.cache = new ModuleCache(cacheSize);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Availability availability() {
    return Availability.yes();
  }

  @Override
  public CompiledModule compile(byte[] wasm, WasmLimits limits) {
    MeteredModule metered = Metering.instrument(wasm, limits);
    String key = metered.hash().toHex() + "/" + limits.maxMemoryPages() + "/v" + Metering.VERSION;
    return cache.get(key, limits, () -> ChicoryCompiler.compile(metered, watchdog));
  }

  /** Number of compiled modules currently cached. */
  public int cachedModules() {
    return cache.size();
  }

  @Deactivate
  @Override
  public void close() {
    watchdog.close();
    cache.clear();
  }
}
