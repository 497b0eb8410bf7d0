package dev.mero4j.wasm.wasmtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.EngineUnavailableException;
import dev.mero4j.wasm.tck.WasmCorpus;
import org.junit.jupiter.api.Test;

class WasmtimeUnavailableTest {
  @Test
  void missingNativeLibraryMakesTheEngineUnavailableWithTheReason() {
    WasmtimeWasmEngine engine =
        new WasmtimeWasmEngine(
            () -> {
              throw new UnsatisfiedLinkError("no wasmtime_jni in java.library.path");
            });
    assertThat(engine.name()).isEqualTo("wasmtime");
    assertThat(engine.availability().available()).isFalse();
    assertThat(engine.availability().reason())
        .contains("Wasmtime JNI library did not load", "no wasmtime_jni");
    assertThatThrownBy(() -> engine.compile(WasmCorpus.wasm("basic")))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("no wasmtime_jni");
    engine.close();
  }

  @Test
  void initializerFailureIsAlsoReportedNotThrown() {
    WasmtimeWasmEngine engine =
        new WasmtimeWasmEngine(
            () -> {
              throw new ExceptionInInitializerError("boom");
            });
    assertThat(engine.availability().available()).isFalse();
  }
}
