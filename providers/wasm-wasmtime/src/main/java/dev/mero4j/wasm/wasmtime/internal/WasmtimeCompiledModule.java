package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.metering.MeteredModule;
import io.github.kawamuray.wasmtime.Module;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Optional;

/** A module compiled by Wasmtime; instances each get their own store. */
public final class WasmtimeCompiledModule implements CompiledModule {
  private static final Cleaner CLEANER = Cleaner.create();

  private final NativeRuntime runtime;
  private final MeteredModule metered;
  private final Module module;

  /** Keeps the module that owns the native handle reachable while this view is. */
  @SuppressWarnings("unused")
  private WasmtimeCompiledModule owner;

  WasmtimeCompiledModule(NativeRuntime runtime, MeteredModule metered, Module module) {
    this.runtime = runtime;
    this.metered = metered;
    this.module = module;
    // Instances keep their own reference to the compiled code inside Wasmtime, so the handle can
    // go as soon as this object is unreachable.
    CLEANER.register(this, module::dispose);
  }

  /** The same compiled code with another module's limits and interface (same bytes and cap). */
  public WasmtimeCompiledModule withMetered(MeteredModule other) {
    return other.limits().equals(metered.limits()) ? this : new WasmtimeCompiledModule(this, other);
  }

  private WasmtimeCompiledModule(WasmtimeCompiledModule shared, MeteredModule metered) {
    this.runtime = shared.runtime;
    this.metered = metered;
    this.module = shared.module;
    this.owner = shared;
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
    return WasmtimeInstance.create(runtime, metered, module, metered.resolve(hostImports));
  }
}
