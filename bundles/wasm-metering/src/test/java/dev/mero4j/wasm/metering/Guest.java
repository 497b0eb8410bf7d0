package dev.mero4j.wasm.metering;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.ArrayList;
import java.util.List;

/** Test harness: compiles .wat, meters it and runs it on Chicory's interpreter. */
final class Guest {
  /** Thrown by the test's {@code mero4j.limit_exceeded}. */
  static final class LimitHit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final LimitReason reason;

    LimitHit(LimitReason reason) {
      super(reason.name());
      this.reason = reason;
    }
  }

  final MeteredModule metered;
  final Instance instance;

  Guest(String wat, WasmLimits limits, HostFunction... hostFunctions) {
    this(Wat2Wasm.parse(wat), limits, hostFunctions);
  }

  Guest(byte[] wasm, WasmLimits limits, HostFunction... hostFunctions) {
    metered = Metering.instrument(wasm, limits);
    List<HostFunction> functions = new ArrayList<>(List.of(hostFunctions));
    functions.add(
        new HostFunction(
            Metering.RESERVED_MODULE,
            Metering.LIMIT_FUNCTION,
            FunctionType.of(List.of(ValType.I32), List.of()),
            (inst, args) -> {
              throw new LimitHit(LimitReason.of(args[0]));
            }));
    instance =
        Instance.builder(Parser.parse(metered.bytes()))
            .withImportValues(
                ImportValues.builder().withFunctions(new ArrayList<>(functions)).build())
            .withStart(false)
            .build();
  }

  static byte[] wasm(String wat) {
    return Wat2Wasm.parse(wat);
  }

  /** Calls {@code export} with a budget and depth; returns the results. */
  long[] call(long budget, int depth, String export, long... args) {
    instance.exports().global(Metering.GAS_EXPORT).setValue(budget);
    instance.exports().global(Metering.DEPTH_EXPORT).setValue(depth);
    return instance.export(export).apply(args);
  }

  long gasLeft() {
    return instance.exports().global(Metering.GAS_EXPORT).getValue();
  }

  /** Instructions used by a call with a large budget. */
  long used(String export, long... args) {
    long budget = 1_000_000_000L;
    call(budget, 1000, export, args);
    return budget - gasLeft();
  }
}
