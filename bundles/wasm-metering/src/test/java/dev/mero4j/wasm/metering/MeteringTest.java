package dev.mero4j.wasm.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteringTest {
  private static final WasmLimits LIMITS = WasmLimits.DEFAULT;

  @Test
  void straightLineCodeCostsOnePerInstructionIncludingEnd() {
    Guest g =
        new Guest(
            """
        (module (func (export "add") (param i32 i32) (result i32)
          local.get 0 local.get 1 i32.add))""",
            LIMITS);
    assertThat(g.call(100, 10, "add", 2, 3)[0]).isEqualTo(5);
    assertThat(100 - g.gasLeft()).isEqualTo(4);
  }

  @Test
  void loopIterationsAreChargedEachTime() {
    String wat =
        """
        (module (func (export "count") (param $n i32) (result i32) (local $i i32)
          (block $done
            (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          local.get $i))""";
    Guest g = new Guest(wat, LIMITS);
    long u10 = g.used("count", 10);
    long u11 = g.used("count", 11);
    long u12 = g.used("count", 12);
    assertThat(u12 - u11).isEqualTo(u11 - u10).isEqualTo(9);
    assertThat(g.call(1_000, 10, "count", 7)[0]).isEqualTo(7);
  }

  @Test
  void codeAfterALoopIsNotChargedPerIteration() {
    String wat =
        """
        (module (func (export "f") (param $n i32) (result i32)
          (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
          (i32.add (i32.add (i32.add (i32.const 1) (i32.const 2)) (i32.const 3)) (i32.const 4))))""";
    Guest g = new Guest(wat, LIMITS);
    long perIteration = g.used("f", 11) - g.used("f", 10);
    assertThat(perIteration).isEqualTo(6);
    assertThat(g.used("f", 10)).isEqualTo(1 + 10 * 6 + 8);
  }

  @Test
  void deadCodeAfterAnUnconditionalBranchIsFree() {
    Guest live = new Guest("(module (func (export \"f\") (block (br 0))))", LIMITS);
    Guest dead =
        new Guest(
            """
        (module (func (export "f") (block (br 0) (drop (i32.add (i32.const 1) (i32.const 2))))))""",
            LIMITS);
    assertThat(dead.used("f")).isEqualTo(live.used("f"));
  }

  @Test
  void earlyExitFromARegionForfeitsTheRestOfItsCharge() {
    Guest g =
        new Guest(
            """
        (module (func (export "f") (param i32) (result i32)
          (block (br_if 0 (local.get 0)) (nop) (nop) (nop)) (i32.const 9)))""",
            LIMITS);
    assertThat(g.used("f", 1)).isEqualTo(g.used("f", 0));
  }

  @Test
  void sameModuleGivesSameBytesAndSameCounts() {
    byte[] wasm =
        Guest.wasm("(module (func (export \"f\") (result i32) i32.const 1 i32.const 2 i32.add))");
    assertThat(Metering.instrument(wasm, LIMITS).bytes())
        .isEqualTo(Metering.instrument(wasm, LIMITS).bytes());
    assertThat(new Guest(wasm, LIMITS).used("f")).isEqualTo(new Guest(wasm, LIMITS).used("f"));
  }

  @Test
  void infiniteLoopRunsOutOfInstructions() {
    Guest g = new Guest("(module (func (export \"spin\") (loop $l (br $l))))", LIMITS);
    assertThatThrownBy(() -> g.call(10_000, 10, "spin"))
        .isInstanceOfSatisfying(
            Guest.LimitHit.class, e -> assertThat(e.reason).isEqualTo(LimitReason.INSTRUCTIONS));
    assertThat(g.gasLeft()).isLessThan(10);
  }

  @Test
  void exactBudgetSucceedsAndOneLessFails() {
    Guest g = new Guest("(module (func (export \"f\") (result i32) i32.const 7))", LIMITS);
    assertThat(g.call(2, 10, "f")[0]).isEqualTo(7);
    assertThatThrownBy(() -> g.call(1, 10, "f")).isInstanceOf(Guest.LimitHit.class);
  }

  @Test
  void deepRecursionHitsTheCallDepth() {
    Guest g =
        new Guest(
            """
        (module (func $r (export "recurse") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0))
            (then (i32.const 0))
            (else (i32.add (i32.const 1) (call $r (i32.sub (local.get 0) (i32.const 1))))))))""",
            LIMITS);
    assertThat(g.call(1_000_000, 100, "recurse", 100)[0]).isEqualTo(100);
    assertThatThrownBy(() -> g.call(1_000_000, 100, "recurse", 101))
        .isInstanceOfSatisfying(
            Guest.LimitHit.class, e -> assertThat(e.reason).isEqualTo(LimitReason.CALL_DEPTH));
  }

  @Test
  void memoryGrowthPastTheCapReportsMemory() {
    Guest g =
        new Guest(
            """
        (module (memory 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))""",
            WasmLimits.DEFAULT.withMaxMemoryBytes(4 * 65536));
    assertThat(g.metered.memoryMaxPages()).isEqualTo(4);
    assertThat(g.call(100, 10, "grow", 3)[0]).isEqualTo(1);
    assertThatThrownBy(() -> g.call(100, 10, "grow", 1))
        .isInstanceOfSatisfying(
            Guest.LimitHit.class, e -> assertThat(e.reason).isEqualTo(LimitReason.MEMORY));
  }

  @Test
  void declaredMaximumBelowTheCapIsKept() {
    MeteredModule m = Metering.instrument(Guest.wasm("(module (memory 1 2))"), LIMITS);
    assertThat(m.memoryMaxPages()).isEqualTo(2);
    assertThat(m.memoryExport()).isEqualTo(Metering.MEMORY_EXPORT);
  }

  @Test
  void functionIndicesStayCorrectAcrossImportsTablesStartAndRefFunc() {
    String wat =
        """
        (module
          (import "env" "twice" (func $twice (param i32) (result i32)))
          (type $unary (func (param i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $inc $dbl)
          (global $g (mut i32) (i32.const 0))
          (global $f funcref (ref.func $inc))
          (memory (export "memory") 1)
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (param i32) (result i32) (call $twice (local.get 0)))
          (func $init (global.set $g (i32.const 40)))
          (start $init)
          (func (export "indirect") (param i32 i32) (result i32)
            (call_indirect (type $unary) (local.get 1) (local.get 0)))
          (func (export "direct") (result i32) (call $inc (global.get $g))))""";
    HostFunction twice =
        new HostFunction(
            "env",
            "twice",
            FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
            (inst, args) -> new long[] {args[0] * 2});
    Guest g = new Guest(wat, LIMITS, twice);
    assertThat(g.metered.hasStart()).isTrue();
    assertThat(g.metered.memoryExport()).isEqualTo("memory");
    g.call(1_000, 10, Metering.START_EXPORT);
    assertThat(g.call(1_000, 10, "direct")[0]).isEqualTo(41);
    assertThat(g.call(1_000, 10, "indirect", 0, 5)[0]).isEqualTo(6);
    assertThat(g.call(1_000, 10, "indirect", 1, 5)[0]).isEqualTo(10);
    assertThat(g.metered.imports()).hasSize(1);
    assertThat(g.metered.exports()).extracting(s -> s.name()).containsExactly("indirect", "direct");
  }

  @Test
  void customSectionsAreKeptAndNamesDropped() {
    byte[] wasm = Guest.wasm("(module (func $named (export \"f\")))");
    byte[] withCustom = withCustomSection(wasm, "calimero_abi_v1", new byte[] {1, 2, 3});
    MeteredModule m = Metering.instrument(withCustom, LIMITS);
    assertThat(m.customSection("calimero_abi_v1"))
        .hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2, 3));
    assertThat(new String(m.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("calimero_abi_v1");
  }

  static byte[] withCustomSection(byte[] wasm, String name, byte[] payload) {
    WasmWriter section = new WasmWriter(64).name(name).bytes(payload);
    WasmWriter out = new WasmWriter(wasm.length + 64).bytes(wasm).u8(0).sized(section);
    return out.toByteArray();
  }
}
