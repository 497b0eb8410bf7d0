package dev.mero4j.wasm.chicory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.InstructionBudgetExceededException;
import dev.mero4j.wasm.api.ModuleTooLargeException;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.tck.TckHost;
import dev.mero4j.wasm.tck.WasmCorpus;
import org.junit.jupiter.api.Test;

class ChicoryModuleCacheTest {
  @Test
  void compilingTheSameBytesTwiceReusesTheCompiledModule() {
    try (ChicoryWasmEngine engine = new ChicoryWasmEngine()) {
      CompiledModule first = engine.compile(WasmCorpus.wasm("basic"));
      CompiledModule second = engine.compile(WasmCorpus.wasm("basic"));
      assertThat(second).isSameAs(first);
      assertThat(engine.cachedModules()).isEqualTo(1);
    }
  }

  @Test
  void cachedModuleHonoursTheLimitsOfEachCompile() {
    try (ChicoryWasmEngine engine = new ChicoryWasmEngine()) {
      byte[] wasm = WasmCorpus.wasm("basic");
      engine.compile(wasm);
      WasmLimits tight = WasmLimits.DEFAULT.withCall(CallLimits.DEFAULT.withInstructionBudget(10));
      try (WasmInstance wasmInstance =
          engine.compile(wasm, tight).instantiate(new TckHost().imports())) {
        assertThatThrownBy(() -> wasmInstance.call("sum_to", 100))
            .isInstanceOf(InstructionBudgetExceededException.class);
      }
      assertThatThrownBy(() -> engine.compile(wasm, WasmLimits.DEFAULT.withMaxModuleBytes(100)))
          .isInstanceOf(ModuleTooLargeException.class);
      assertThat(engine.cachedModules()).isEqualTo(1);
    }
  }

  @Test
  void cacheIsBounded() {
    try (ChicoryWasmEngine engine = new ChicoryWasmEngine(1)) {
      engine.compile(WasmCorpus.wasm("basic"));
      engine.compile(WasmCorpus.wasm("hostile"));
      assertThat(engine.cachedModules()).isEqualTo(1);
    }
  }
}
