package dev.mero4j.it.apps;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;

class ChicoryExampleAppsTest extends ExampleAppsContractTest {
  private static final WasmEngine ENGINE = new ChicoryWasmEngine();

  @Override
  protected WasmEngine engine() {
    return ENGINE;
  }
}
