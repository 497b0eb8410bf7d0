package dev.mero4j.wasm.chicory;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.RustModuleContract;

class ChicoryRustModuleTest extends RustModuleContract {
  @Override
  protected WasmEngine createEngine() {
    return new ChicoryWasmEngine();
  }
}
