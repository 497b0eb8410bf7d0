package dev.mero4j.wasm.chicory;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.tck.HostileModuleContract;

class ChicoryHostileModuleTest extends HostileModuleContract {
  @Override
  protected WasmEngine createEngine() {
    return new ChicoryWasmEngine();
  }
}
