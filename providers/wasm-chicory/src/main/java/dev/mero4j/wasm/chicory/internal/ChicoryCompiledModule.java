package dev.mero4j.wasm.chicory.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.metering.MeteredModule;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A module compiled by Chicory, shared by every instance made from it. */
public final class ChicoryCompiledModule implements CompiledModule {
  private final MeteredModule metered;
  private final WasmModule module;
  private final Function<Instance, Machine> machines;
  private final Watchdog watchdog;
  private final WasmLimits limits;

  ChicoryCompiledModule(
      MeteredModule metered,
      WasmModule module,
      Function<Instance, Machine> machines,
      Watchdog watchdog,
      WasmLimits limits) {
    this.metered = metered;
    this.module = module;
    this.machines = machines;
    this.watchdog = watchdog;
    this.limits = limits;
  }

  /** The same compiled code under other limits (same memory cap). */
  public ChicoryCompiledModule withLimits(WasmLimits other) {
    return other.equals(limits)
        ? this
        : new ChicoryCompiledModule(metered, module, machines, watchdog, other);
  }

  @Override
  public Hash hash() {
    return metered.hash();
  }

  @Override
  public List<FunctionSignature> exports() {
    return metered.exports();
  }

  @Override
  public List<FunctionImport> imports() {
    return metered.imports();
  }

  @Override
  public Optional<byte[]> customSection(String name) {
    return metered.customSection(name);
  }

  @Override
  public WasmInstance instantiate(List<HostImport> hostImports) {
    List<HostImport> resolved = metered.resolve(hostImports);
    return ChicoryInstance.create(metered, module, machines, resolved, watchdog, limits);
  }
}
