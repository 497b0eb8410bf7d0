package dev.mero4j.runtime;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;

class ChicoryContextManagerTest extends ContextManagerContractTest {
  private static final WasmEngine ENGINE = new ChicoryWasmEngine();

  @Override
  protected WasmEngine engine() {
    return ENGINE;
  }
}
