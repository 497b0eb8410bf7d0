package dev.mero4j.wasm.metering;

/** The byte sequences the rewriter inserts; each leaves the operand stack as it found it. */
final class Instrumentation {
  private static final int GLOBAL_GET = 0x23;
  private static final int GLOBAL_SET = 0x24;
  private static final int I32_CONST = 0x41;
  private static final int I64_CONST = 0x42;
  private static final int IF = 0x04;
  private static final int EMPTY = 0x40;
  private static final int END = 0x0B;
  private static final int CALL = 0x10;
  private static final int UNREACHABLE = 0x00;

  private Instrumentation() {}

  /** {@code if (gas < cost) limit_exceeded(INSTRUCTIONS); gas -= cost}. */
  static void charge(WasmWriter out, Layout layout, long cost) {
    out.u8(GLOBAL_GET).u32(layout.gasGlobal()).u8(I64_CONST).s64(cost).u8(0x54); // i64.lt_u
    trapIf(out, layout, LimitReason.INSTRUCTIONS);
    out.u8(GLOBAL_GET).u32(layout.gasGlobal()).u8(I64_CONST).s64(cost).u8(0x7D); // i64.sub
    out.u8(GLOBAL_SET).u32(layout.gasGlobal());
  }

  /** {@code if (depth == 0) limit_exceeded(CALL_DEPTH); depth -= 1}. */
  static void enterCall(WasmWriter out, Layout layout) {
    out.u8(GLOBAL_GET).u32(layout.depthGlobal()).u8(0x45); // i32.eqz
    trapIf(out, layout, LimitReason.CALL_DEPTH);
    out.u8(GLOBAL_GET).u32(layout.depthGlobal()).u8(I32_CONST).u8(1).u8(0x6B); // i32.sub
    out.u8(GLOBAL_SET).u32(layout.depthGlobal());
  }

  /** {@code depth += 1}. */
  static void leaveCall(WasmWriter out, Layout layout) {
    out.u8(GLOBAL_GET).u32(layout.depthGlobal()).u8(I32_CONST).u8(1).u8(0x6A); // i32.add
    out.u8(GLOBAL_SET).u32(layout.depthGlobal());
  }

  /** Body of {@code (func (param i32) (result i32))} that grows memory or reports MEMORY. */
  static byte[] growHelperBody(Layout layout) {
    WasmWriter out = new WasmWriter(32);
    out.u8(1).u8(1).u8(ValueTypes.I32); // one local i32
    out.u8(0x20).u8(0).u8(0x40).u8(0).u8(0x22).u8(1); // local.get 0; memory.grow; local.tee 1
    out.u8(I32_CONST).u8(0x7F).u8(0x46); // i32.const -1; i32.eq
    trapIf(out, layout, LimitReason.MEMORY);
    out.u8(0x20).u8(1).u8(END);
    return out.toByteArray();
  }

  private static void trapIf(WasmWriter out, Layout layout, LimitReason reason) {
    out.u8(IF).u8(EMPTY).u8(I32_CONST).u8(reason.code()).u8(CALL).u32(layout.limitFunction());
    out.u8(UNREACHABLE).u8(END);
  }
}
