package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.ValueType;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;
import java.util.List;

/** Converts between the SPI's raw {@code long} values and wasmtime-java's {@link Val}. */
final class Values {
  private Values() {}

  static Val toVal(ValueType type, long raw) {
    return switch (type) {
      case I32 -> Val.fromI32((int) raw);
      case I64 -> Val.fromI64(raw);
      case F32 -> Val.fromF32(Float.intBitsToFloat((int) raw));
      case F64 -> Val.fromF64(Double.longBitsToDouble(raw));
    };
  }

  /** i32 sign-extended, f32 as zero-extended raw bits. */
  static long toRaw(Val val) {
    return switch (val.getType()) {
      case I32 -> val.i32();
      case I64 -> val.i64();
      case F32 -> Float.floatToRawIntBits(val.f32()) & 0xFFFF_FFFFL;
      case F64 -> Double.doubleToRawLongBits(val.f64());
      default -> throw new IllegalArgumentException("unsupported value type " + val.getType());
    };
  }

  static Val[] toVals(List<ValueType> types, long[] raw) {
    Val[] vals = new Val[raw.length];
    for (int i = 0; i < raw.length; i++) {
      vals[i] = toVal(types.get(i), raw[i]);
    }
    return vals;
  }

  static FuncType funcType(List<ValueType> params, List<ValueType> results) {
    return new FuncType(types(params), types(results));
  }

  private static Val.Type[] types(List<ValueType> types) {
    Val.Type[] out = new Val.Type[types.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (types.get(i)) {
            case I32 -> Val.Type.I32;
            case I64 -> Val.Type.I64;
            case F32 -> Val.Type.F32;
            case F64 -> Val.Type.F64;
          };
    }
    return out;
  }
}
