package dev.mero4j.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import org.junit.jupiter.api.BeforeEach;

/**
 * The same suite on Wasmtime; skipped (with the reason) only where its native library cannot load.
 */
class WasmtimeContextManagerTest extends ContextManagerContractTest {
  private static final WasmEngine ENGINE = new WasmtimeWasmEngine();

  @BeforeEach
  void requireNativeLibrary() {
    WasmEngine.Availability availability = ENGINE.availability();
    assumeTrue(availability.available() || System.getenv("CI") == null, availability.reason());
  }

  @Override
  protected WasmEngine engine() {
    return ENGINE;
  }
}
