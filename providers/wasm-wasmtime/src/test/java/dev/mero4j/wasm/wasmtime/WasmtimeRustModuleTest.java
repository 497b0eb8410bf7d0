package dev.mero4j.wasm.wasmtime;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.RustModuleContract;

class WasmtimeRustModuleTest extends RustModuleContract {
  @Override
  protected WasmEngine createEngine() {
    return new WasmtimeWasmEngine();
  }
}
