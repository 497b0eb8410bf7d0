package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.api.ValueType;

/** WebAssembly value type codes and their mapping to the SPI's {@link ValueType}. */
final class ValueTypes {
  static final int I32 = 0x7F;
  static final int I64 = 0x7E;
  static final int F32 = 0x7D;
  static final int F64 = 0x7C;
  static final int V128 = 0x7B;
  static final int FUNCREF = 0x70;
  static final int EXTERNREF = 0x6F;

  private ValueTypes() {}

  static boolean isValueType(int code) {
    return code == I32
        || code == I64
        || code == F32
        || code == F64
        || code == FUNCREF
        || code == EXTERNREF;
  }

  static void check(int code, WasmReader in) {
    if (code == V128) {
      throw new InvalidModuleException("SIMD (v128) is not supported");
    }
    if (!isValueType(code)) {
      throw in.malformed(String.format("bad value type 0x%02x", code));
    }
  }

  /** The SPI type of a number type code, or null for reference types. */
  static ValueType toApi(int code) {
    return switch (code) {
      case I32 -> ValueType.I32;
      case I64 -> ValueType.I64;
      case F32 -> ValueType.F32;
      case F64 -> ValueType.F64;
      default -> null;
    };
  }

  static int toCode(ValueType type) {
    return switch (type) {
      case I32 -> I32;
      case I64 -> I64;
      case F32 -> F32;
      case F64 -> F64;
    };
  }
}
