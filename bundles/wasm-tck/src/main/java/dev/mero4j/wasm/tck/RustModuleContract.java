package dev.mero4j.wasm.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.CallDepthExceededException;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.InstructionBudgetExceededException;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmInstance;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Real Rust 1.63 {@code wasm32-unknown-unknown} output (src/main/rust/tck-app): allocation,
 * formatting, sorting, dynamic dispatch and recursion survive metering and give the same results
 * and instruction counts on every engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class RustModuleContract {
  /** Golden instruction counts of the metered Rust module. */
  static final long SORT_1000_INSTRUCTIONS = 431_412;

  static final long FORMAT_200_INSTRUCTIONS = 120_219;
  static final long AREA_100_INSTRUCTIONS = 62_160;

  protected WasmEngine engine;
  protected CompiledModule rust;
  private final TckHost host = new TckHost();

  protected abstract WasmEngine createEngine();

  @BeforeAll
  void setUpEngine() {
    engine = createEngine();
    Assumptions.assumeTrue(engine.availability().available(), engine.availability().reason());
    rust = engine.compile(WasmCorpus.wasm("rust_app"));
  }

  @AfterAll
  void tearDownEngine() throws Exception {
    if (engine instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void sortsAllocatedVectors() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      assertThat(wasm.call("sort_checksum", 1000)).containsExactly(sortChecksum(1000));
      assertThat(wasm.instructionsUsed()).isEqualTo(SORT_1000_INSTRUCTIONS);
    }
  }

  @Test
  void formatsStrings() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      int expected = 0;
      for (int i = 0; i < 200; i++) {
        expected += Integer.toString(i * 7).length() + 1;
      }
      assertThat(wasm.call("format_len", 200)).containsExactly(expected);
      assertThat(wasm.instructionsUsed()).isEqualTo(FORMAT_200_INSTRUCTIONS);
    }
  }

  @Test
  void dispatchesThroughTraitObjects() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      long expected = 0;
      for (long i = 0; i < 100; i++) {
        expected += i % 2 == 0 ? i * i : i * (i + 1);
      }
      assertThat(wasm.call("total_area", 100)).containsExactly(expected);
      assertThat(wasm.instructionsUsed()).isEqualTo(AREA_100_INSTRUCTIONS);
    }
  }

  @Test
  void callsTheHost() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      assertThat(wasm.call("add_via_host", 40, 2)).containsExactly(42);
    }
  }

  @Test
  void recursionIsBoundedByTheCallDepth() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      assertThat(wasm.call("ackermann2", 100)).containsExactly(203);
      assertThatThrownBy(
              () -> wasm.call(CallLimits.DEFAULT.withMaxCallDepth(50), "ackermann2", 100))
          .isInstanceOf(CallDepthExceededException.class);
    }
  }

  @Test
  void longRunningWorkStopsOnTheBudget() {
    try (WasmInstance wasm = rust.instantiate(host.imports())) {
      assertThatThrownBy(
              () ->
                  wasm.call(
                      CallLimits.DEFAULT.withInstructionBudget(10_000), "sort_checksum", 100_000))
          .isInstanceOf(InstructionBudgetExceededException.class);
    }
  }

  /** The Rust function, in Java. */
  static long sortChecksum(int n) {
    long seed = 42;
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      values[i] = seed >>> 33;
    }
    Arrays.sort(values);
    long acc = 0;
    for (int i = 0; i < n; i++) {
      acc = acc * 31 + (values[i] ^ i);
    }
    return acc;
  }
}
