package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.metering.MeteredModule;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;

/** Validates and compiles a metered module with Cranelift. */
public final class WasmtimeCompiler {
  private WasmtimeCompiler() {}

  public static WasmtimeCompiledModule compile(NativeRuntime runtime, MeteredModule metered) {
    Module module;
    try {
      module = Module.fromBinary(runtime.engine(), metered.bytes());
    } catch (WasmtimeException e) {
      throw new InvalidModuleException("invalid module: " + e.getMessage(), e);
    }
    return new WasmtimeCompiledModule(runtime, metered, module);
  }
}
