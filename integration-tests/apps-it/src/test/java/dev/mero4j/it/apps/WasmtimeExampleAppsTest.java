package dev.mero4j.it.apps;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;

class WasmtimeExampleAppsTest extends ExampleAppsContractTest {
  private static final WasmEngine ENGINE = new WasmtimeWasmEngine();

  @Override
  protected WasmEngine engine() {
    return ENGINE;
  }
}
