package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.metering.MeteredModule;
import io.github.kawamuray.wasmtime.Module;
import java.util.List;
import java.util.Optional;

/** A module compiled by Wasmtime; instances each get their own store. */
public final class WasmtimeCompiledModule implements CompiledModule {
  private final NativeRuntime runtime;
  private final MeteredModule metered;
  private final Module module;

  WasmtimeCompiledModule(NativeRuntime runtime, MeteredModule metered, Module module) {
    this.runtime = runtime;
    this.metered = metered;
    this.module = module;
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
