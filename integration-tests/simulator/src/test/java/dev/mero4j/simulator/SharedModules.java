package dev.mero4j.simulator;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WasmEngine} that compiles each (module, limits) pair once for every simulated node: the
 * engine's own cache is keyed after metering, which costs more than the calls of a short run.
 */
final class SharedModules implements WasmEngine {
  private final WasmEngine engine;
  private final Map<String, CompiledModule> compiled = new ConcurrentHashMap<>();

  SharedModules(WasmEngine engine) {
    this.engine = engine;
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public Availability availability() {
    return engine.availability();
  }

  @Override
  public CompiledModule compile(byte[] wasm, WasmLimits limits) {
    return compiled.computeIfAbsent(
        Hash.sha256(wasm).toHex() + "/" + limits, key -> engine.compile(wasm, limits));
  }
}
