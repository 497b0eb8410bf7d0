package dev.mero4j.wasm.chicory.internal;

import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostFunctionException;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.ValueType;

/** Checks host-function results and normalizes values crossing the SPI boundary. */
final class HostCalls {
  private static final long[] NONE = new long[0];

  private HostCalls() {}

  static long[] checkResults(HostImport host, long[] results) {
    int expected = host.signature().results().size();
    int actual = results == null ? 0 : results.length;
    if (actual != expected) {
      throw new HostFunctionException(
          "host function "
              + host.module()
              + "."
              + host.signature()
              + " returned "
              + actual
              + " values instead of "
              + expected);
    }
    return results == null ? NONE : results;
  }

  static HostFunctionException unexpected(HostImport host, RuntimeException e) {
    return new HostFunctionException(
        "host function " + host.module() + "." + host.signature().name() + " failed: " + e, e);
  }

  /** i32 results sign-extended, f32 results as zero-extended raw bits, others unchanged. */
  static long[] normalize(FunctionSignature signature, long[] results) {
    if (results == null) {
      return NONE;
    }
    for (int i = 0; i < results.length; i++) {
      ValueType type = signature.results().get(i);
      if (type == ValueType.I32) {
        results[i] = (int) results[i];
      } else if (type == ValueType.F32) {
        results[i] = results[i] & 0xFFFF_FFFFL;
      }
    }
    return results;
  }
}
