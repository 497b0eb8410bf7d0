package dev.mero4j.wasm.chicory;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.WasmEngineContract;

class ChicoryWasmEngineTest extends WasmEngineContract {
  @Override
  protected WasmEngine createEngine() {
    return new ChicoryWasmEngine();
  }
}
