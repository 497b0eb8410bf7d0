package dev.mero4j.wasm.wasmtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmException;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.tck.TckHost;
import dev.mero4j.wasm.tck.WasmCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the same random call sequences on Chicory and Wasmtime and requires identical outcomes:
 * results or error type, instructions used and a digest of guest memory after every call. Random
 * budgets and depth limits make many calls stop part-way, where the two engines must still agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDifferentialTest {
  private static final int CALLS = 1_000;

  private final WasmtimeWasmEngine wasmtime = new WasmtimeWasmEngine();
  private final ChicoryWasmEngine chicory = new ChicoryWasmEngine();

  /** What a call did, comparable across engines. */
  record Outcome(String export, String result, long instructions, Hash memory) {}

  @BeforeAll
  void requireWasmtime() {
    Assumptions.assumeTrue(wasmtime.availability().available(), wasmtime.availability().reason());
  }

  @AfterAll
  void close() {
    wasmtime.close();
    chicory.close();
  }

  @Test
  void basicModuleBehavesIdentically() {
    for (long seed = 1; seed <= 2; seed++) {
      List<Outcome> expected = run(chicory, "basic", seed);
      assertSame(expected, run(wasmtime, "basic", seed));
      assertThat(expected)
          .extracting(Outcome::result)
          .contains(
              "InstructionBudgetExceededException",
              "TrapException",
              "MemoryLimitExceededException",
              "AbortedByHostException",
              "HostFunctionException",
              "[]")
          .anyMatch(r -> r.startsWith("[") && r.length() > 2);
    }
  }

  @Test
  void hostileModuleBehavesIdentically() {
    List<Outcome> expected = run(chicory, "hostile", 7);
    assertSame(expected, run(wasmtime, "hostile", 7));
    assertThat(expected)
        .extracting(Outcome::result)
        .contains(
            "InstructionBudgetExceededException", "CallDepthExceededException", "TrapException");
  }

  private static void assertSame(List<Outcome> expected, List<Outcome> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("call #%d", i).isEqualTo(expected.get(i));
    }
  }

  private static List<Outcome> run(WasmEngine engine, String module, long seed) {
    Random random = new Random(seed);
    TckHost host = new TckHost();
    List<Outcome> outcomes = new ArrayList<>();
    WasmInstance wasm = engine.compile(WasmCorpus.wasm(module)).instantiate(host.imports());
    int calls = "hostile".equals(module) ? CALLS / 10 : CALLS;
    for (int i = 0; i < calls; i++) {
      Call call = "basic".equals(module) ? basicCall(random) : hostileCall(random);
      CallLimits limits =
          CallLimits.DEFAULT
              .withInstructionBudget(random.nextInt(4) == 0 ? random.nextInt(2_000) : 10_000_000)
              .withMaxCallDepth(1 + random.nextInt(40));
      String result;
      try {
        result = Arrays.toString(wasm.call(limits, call.export, call.args));
      } catch (WasmException e) {
        result = e.getClass().getSimpleName();
      }
      // Memory is cumulative state: a divergence persists, so digesting it every few calls is
      // enough.
      Hash memory =
          i % 25 == 0 || i == calls - 1
              ? Hash.sha256(wasm.memory().read(0, (int) wasm.memory().size()))
              : Hash.ZERO;
      outcomes.add(new Outcome(call.export, result, wasm.instructionsUsed(), memory));
    }
    wasm.close();
    return outcomes;
  }

  private record Call(String export, long... args) {}

  private static Call basicCall(Random r) {
    return switch (r.nextInt(13)) {
      case 0 -> new Call("add_i32", r.nextInt(), r.nextInt());
      case 1 -> new Call("add_i64", r.nextLong(), r.nextLong());
      case 2 -> new Call("neg_i32", r.nextInt());
      case 3 ->
          new Call(
              "mul_f64",
              Double.doubleToRawLongBits(r.nextGaussian()),
              Double.doubleToRawLongBits(r.nextGaussian() * 1e6));
      case 4 -> new Call("sign_extend", r.nextInt());
      case 5 -> new Call("sum_to", r.nextInt(300));
      case 6 -> new Call("fib", r.nextInt(16));
      case 7 -> new Call("call_host", r.nextLong(), r.nextLong());
      case 8 -> new Call("store_u8", r.nextInt(1_200_000), r.nextInt(256));
      case 9 -> new Call("load_u8", r.nextInt(1_200_000));
      case 10 -> new Call("grow", r.nextInt(3));
      case 11 -> new Call("reverse_greeting");
      default -> new Call("fail", 1 + r.nextInt(2));
    };
  }

  private static Call hostileCall(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> new Call("spin");
      case 1 -> new Call("spin_with_calls");
      case 2 -> new Call("recurse", r.nextInt(10));
      case 3 -> new Call("div_zero", r.nextInt(3));
      case 4 -> new Call("oob_load");
      default -> new Call("unreachable");
    };
  }
}
