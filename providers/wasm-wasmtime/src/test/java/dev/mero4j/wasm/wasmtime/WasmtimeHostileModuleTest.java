package dev.mero4j.wasm.wasmtime;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.HostileModuleContract;

class WasmtimeHostileModuleTest extends HostileModuleContract {
  @Override
  protected WasmEngine createEngine() {
    return new WasmtimeWasmEngine();
  }
}
