package dev.mero4j.wasm.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.tck.WasmCorpus;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Metering changes what a module costs, never what it computes: same results as the original. */
class SemanticsPreservationTest {
  private static final HostFunction HOST_ADD =
      new HostFunction(
          "env",
          "host_add",
          FunctionType.of(List.of(ValType.I64, ValType.I64), List.of(ValType.I64)),
          (inst, args) -> new long[] {args[0] + args[1]});

  @Test
  void rustCompilerOutputComputesTheSameWhenMetered() {
    byte[] wasm = WasmCorpus.wasm("rust_app");
    Instance original =
        Instance.builder(Parser.parse(wasm))
            .withImportValues(ImportValues.builder().addFunction(HOST_ADD).build())
            .build();
    Guest metered = new Guest(wasm, WasmLimits.DEFAULT, HOST_ADD);
    Random random = new Random(3);
    for (int i = 0; i < 40; i++) {
      String export = List.of("sort_checksum", "format_len", "total_area", "ackermann2").get(i % 4);
      long arg = random.nextInt(i % 4 == 3 ? 60 : 300);
      long[] expected = original.export(export).apply(arg);
      assertThat(metered.call(100_000_000L, 1_000, export, arg))
          .as("%s(%d)", export, arg)
          .isEqualTo(expected);
    }
  }

  @Test
  void corpusModulesStayValidWhenMetered() {
    for (String name : List.of("basic", "hostile", "unknown_import", "start_spin", "rust_app")) {
      MeteredModule metered = Metering.instrument(WasmCorpus.wasm(name));
      assertThat(Parser.parse(metered.bytes()).functionSection().functionCount()).isPositive();
    }
  }
}
