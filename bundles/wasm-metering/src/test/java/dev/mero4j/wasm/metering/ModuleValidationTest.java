package dev.mero4j.wasm.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.api.MemoryLimitExceededException;
import dev.mero4j.wasm.api.ModuleTooLargeException;
import dev.mero4j.wasm.api.UnresolvedImportException;
import dev.mero4j.wasm.api.WasmException;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModuleValidationTest {
  private static final WasmLimits LIMITS = WasmLimits.DEFAULT;

  @Test
  void bytesThatAreNotWasmAreInvalid() {
    assertThatThrownBy(() -> Metering.instrument("hello, world".getBytes(), LIMITS))
        .isInstanceOf(InvalidModuleException.class);
    assertThatThrownBy(() -> Metering.instrument(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}, LIMITS))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void truncatedModuleIsInvalid() {
    byte[] wasm = Guest.wasm("(module (func (export \"f\") (result i32) i32.const 1))");
    byte[] cut = java.util.Arrays.copyOf(wasm, wasm.length - 3);
    assertThatThrownBy(() -> Metering.instrument(cut, LIMITS))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void moduleOverTheSizeCapIsTooLarge() {
    byte[] wasm = Guest.wasm("(module (func (export \"f\")))");
    assertThatThrownBy(() -> Metering.instrument(wasm, LIMITS.withMaxModuleBytes(wasm.length - 1)))
        .isInstanceOf(ModuleTooLargeException.class);
  }

  @Test
  void minimumMemoryOverTheCapIsRejected() {
    assertThatThrownBy(() -> Metering.instrument(Guest.wasm("(module (memory 1025))"), LIMITS))
        .isInstanceOfSatisfying(
            MemoryLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(64L << 20));
  }

  @Test
  void nonFunctionImportsCannotBeResolved() {
    assertThatThrownBy(
            () ->
                Metering.instrument(
                    Guest.wasm("(module (import \"env\" \"memory\" (memory 1)))"), LIMITS))
        .isInstanceOf(UnresolvedImportException.class);
    assertThatThrownBy(
            () ->
                Metering.instrument(
                    Guest.wasm("(module (import \"env\" \"g\" (global i32)))"), LIMITS))
        .isInstanceOf(UnresolvedImportException.class);
  }

  @Test
  void reservedNamesAreRejected() {
    assertThatThrownBy(
            () ->
                Metering.instrument(
                    Guest.wasm(
                        "(module (import \"mero4j\" \"limit_exceeded\" (func (param i32))))"),
                    LIMITS))
        .isInstanceOf(InvalidModuleException.class);
    assertThatThrownBy(
            () ->
                Metering.instrument(
                    Guest.wasm("(module (func (export \"__mero4j_gas\")))"), LIMITS))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void wasiEntryPointsAreRejected() {
    assertThatThrownBy(
            () -> Metering.instrument(Guest.wasm("(module (func (export \"_start\")))"), LIMITS))
        .isInstanceOf(InvalidModuleException.class);
    assertThatThrownBy(
            () ->
                Metering.instrument(Guest.wasm("(module (func (export \"_initialize\")))"), LIMITS))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void simdIsRejected() {
    assertThatThrownBy(
            () ->
                Metering.instrument(
                    Guest.wasm(
                        "(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))"),
                    LIMITS))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void mutatedModulesFailOnlyWithTypedErrors() {
    byte[] wasm =
        Guest.wasm(
            """
        (module (memory (export "memory") 1) (table 1 funcref) (elem (i32.const 0) $f)
          (global (mut i64) (i64.const 5)) (data (i32.const 8) "hi")
          (func $f (export "f") (param i32) (result i32)
            (block (loop (br_if 1 (local.get 0)) (br 0))) (memory.grow (local.get 0))))""");
    Random random = new Random(42);
    int typed = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] mutated = wasm.clone();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        mutated[8 + random.nextInt(mutated.length - 8)] = (byte) random.nextInt(256);
      }
      try {
        Metering.instrument(mutated, LIMITS);
      } catch (WasmException e) {
        typed++;
      }
    }
    assertThat(typed).isPositive();
  }
}
