package dev.mero4j.wasm.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.CallDepthExceededException;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.InstructionBudgetExceededException;
import dev.mero4j.wasm.api.MemoryLimitExceededException;
import dev.mero4j.wasm.api.ResourceLimitException;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.WallClockTimeoutException;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmInstance;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile modules: each must fail with its specific typed error, within bounded time, and leave the
 * engine and the instance usable for the next call. The {@code @Timeout} turns a hang into a
 * failure; it asserts nothing about speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class HostileModuleContract {
  /** Small enough to exhaust quickly on a slow machine, large enough to need many loop rounds. */
  static final long SMALL_BUDGET = 5_000_000;

  /** Stack of the thread that recurses without a depth limit: at least what Wasmtime may use. */
  static final long NATIVE_STACK_BYTES = 2 << 20;

  protected WasmEngine engine;
  protected TckHost host;
  protected CompiledModule hostile;
  protected CompiledModule basic;
  private WasmInstance wasm;

  protected abstract WasmEngine createEngine();

  @BeforeAll
  void setUpEngine() {
    engine = createEngine();
    Assumptions.assumeTrue(engine.availability().available(), engine.availability().reason());
    host = new TckHost();
    hostile = engine.compile(WasmCorpus.wasm("hostile"));
    basic = engine.compile(WasmCorpus.wasm("basic"));
  }

  @AfterAll
  void tearDownEngine() throws Exception {
    if (engine instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @BeforeEach
  void instantiate() {
    wasm = hostile.instantiate(host.imports());
  }

  @AfterEach
  void engineAndInstanceStillWork() {
    assertThat(wasm.call("div_zero", 1)).containsExactly(1);
    wasm.close();
    try (WasmInstance fresh = basic.instantiate(host.imports())) {
      assertThat(fresh.call("add_i32", 2, 3)).containsExactly(5);
    }
  }

  private static CallLimits budget(long instructions) {
    return CallLimits.DEFAULT.withInstructionBudget(instructions);
  }

  @Test
  void loopWithoutCallsStopsOnTheInstructionBudget() {
    assertThatThrownBy(() -> wasm.call(budget(SMALL_BUDGET), "spin"))
        .isInstanceOfSatisfying(
            InstructionBudgetExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(SMALL_BUDGET));
    assertThat(wasm.instructionsUsed()).isBetween(SMALL_BUDGET - 10, SMALL_BUDGET);
  }

  @Test
  void loopWithCallsStopsOnTheInstructionBudget() {
    assertThatThrownBy(() -> wasm.call(budget(SMALL_BUDGET), "spin_with_calls"))
        .isInstanceOf(InstructionBudgetExceededException.class);
  }

  @Test
  void infiniteLoopStopsOnTheDefaultBudget() {
    // The default budget of 1e9 takes seconds; a generous wall clock keeps a loaded machine from
    // turning it into a timeout.
    CallLimits defaultBudget = CallLimits.DEFAULT.withWallClock(Duration.ofMinutes(10));
    assertThatThrownBy(() -> wasm.call(defaultBudget, "spin"))
        .isInstanceOfSatisfying(
            InstructionBudgetExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(1_000_000_000L));
  }

  @Test
  void loopWithAHugeBudgetIsStoppedByTheWallClockWatchdog() {
    CallLimits limits = new CallLimits(Long.MAX_VALUE, 1_000, Duration.ofMillis(300));
    assertThatThrownBy(() -> wasm.call(limits, "spin"))
        .isInstanceOf(WallClockTimeoutException.class);
    assertThatThrownBy(() -> wasm.call(limits, "spin_with_calls"))
        .isInstanceOf(WallClockTimeoutException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void memoryGrowthBombHitsTheMemoryLimit() {
    assertThatThrownBy(() -> wasm.call("grow_bomb"))
        .isInstanceOfSatisfying(
            MemoryLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(64L << 20));
  }

  @Test
  void deepRecursionHitsTheCallDepth() {
    assertThatThrownBy(() -> wasm.call("recurse", 0))
        .isInstanceOfSatisfying(
            CallDepthExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(CallLimits.DEFAULT.maxCallDepth()));
    assertThatThrownBy(() -> wasm.call(CallLimits.DEFAULT.withMaxCallDepth(10), "recurse", 0))
        .isInstanceOf(CallDepthExceededException.class);
  }

  @Test
  void exhaustingTheNativeStackIsACallDepthError() throws InterruptedException {
    CallLimits unlimited = CallLimits.DEFAULT.withMaxCallDepth(Integer.MAX_VALUE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread deep =
        new Thread(
            null,
            () -> {
              try {
                wasm.call(unlimited, "recurse", 0);
              } catch (RuntimeException e) {
                thrown.set(e);
              }
            },
            "tck-deep-recursion",
            NATIVE_STACK_BYTES);
    deep.start();
    deep.join();
    assertThat(thrown.get()).isInstanceOf(CallDepthExceededException.class);
  }

  @Test
  void hugeReturnValueIsRejectedByTheHostCap() {
    assertThatThrownBy(() -> wasm.call("huge_return"))
        .isInstanceOfSatisfying(
            TckHost.AbortedByHostException.class,
            e -> assertThat(e.limit()).isEqualTo(TckHost.MAX_RETURN_BYTES));
  }

  @Test
  void guestTrapsAreTrapsNotLimits() {
    assertThatThrownBy(() -> wasm.call("unreachable"))
        .isInstanceOf(TrapException.class)
        .isNotInstanceOf(ResourceLimitException.class);
    assertThatThrownBy(() -> wasm.call("div_zero", 0)).isInstanceOf(TrapException.class);
    assertThatThrownBy(() -> wasm.call("oob_load")).isInstanceOf(TrapException.class);
  }

  @Test
  void startFunctionThatNeverReturnsStopsOnTheBudget() {
    CompiledModule spin =
        engine.compile(
            WasmCorpus.wasm("start_spin"),
            dev.mero4j.wasm.api.WasmLimits.DEFAULT.withCall(budget(SMALL_BUDGET)));
    assertThatThrownBy(() -> spin.instantiate(host.imports()))
        .isInstanceOf(InstructionBudgetExceededException.class);
  }
}
