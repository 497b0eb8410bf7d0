package dev.mero4j.wasm.wasmtime;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.WasmEngineContract;

class WasmtimeWasmEngineTest extends WasmEngineContract {
  @Override
  protected WasmEngine createEngine() {
    return new WasmtimeWasmEngine();
  }
}
