package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.metering.ModuleReader.Export;

/** Rebuilds the non-code sections of a module for a given {@link Layout}. */
final class SectionRewriter {
  private final ModuleReader module;
  private final Layout layout;

  SectionRewriter(ModuleReader module, Layout layout) {
    this.module = module;
    this.layout = layout;
  }

  /** Original type entries plus {@code extra} appended ones. */
  WasmWriter types(byte[]... extra) {
    WasmWriter out = new WasmWriter(256);
    WasmReader in = module.reader(ModuleReader.TYPE);
    int n = in == null ? 0 : in.index();
    out.u32(n + extra.length);
    if (in != null) {
      out.bytes(module.module, in.pos(), in.end());
    }
    for (byte[] type : extra) {
      out.bytes(type);
    }
    return out;
  }

  WasmWriter imports(int limitType) {
    WasmWriter out = new WasmWriter(256);
    WasmReader in = module.reader(ModuleReader.IMPORT);
    int n = in == null ? 0 : in.index();
    out.u32(n + 1L);
    if (in != null) {
      out.bytes(module.module, in.pos(), in.end());
    }
    out.name(Metering.RESERVED_MODULE).name(Metering.LIMIT_FUNCTION).u8(0).u32(limitType);
    return out;
  }

  WasmWriter functions(int growType) {
    WasmWriter out = new WasmWriter(256);
    WasmReader in = module.reader(ModuleReader.FUNCTION);
    int n = in == null ? 0 : in.index();
    boolean helper = layout.growHelper() >= 0;
    out.u32(n + (helper ? 1L : 0L));
    if (in != null) {
      out.bytes(module.module, in.pos(), in.end());
    }
    if (helper) {
      out.u32(growType);
    }
    return out;
  }

  WasmWriter memory(long min, long max) {
    return new WasmWriter(16).u32(1).u8(1).u32(min).u32(max);
  }

  WasmWriter globals() {
    WasmWriter out = new WasmWriter(256);
    WasmReader in = module.reader(ModuleReader.GLOBAL);
    int n = in == null ? 0 : in.index();
    out.u32(n + 2L);
    for (int i = 0; i < n; i++) {
      int type = in.u8();
      ValueTypes.check(type, in);
      int mutability = in.u8();
      out.u8(type).u8(mutability);
      constExpr(in, out);
    }
    if (in != null) {
      ModuleReader.end(in);
    }
    out.u8(ValueTypes.I64).u8(1).u8(0x42).u8(0).u8(0x0B); // (mut i64) i64.const 0
    out.u8(ValueTypes.I32).u8(1).u8(0x41).u8(0).u8(0x0B); // (mut i32) i32.const 0
    return out;
  }

  WasmWriter exports(String memoryExportToAdd) {
    WasmWriter out = new WasmWriter(256);
    int n =
        module.exports.size()
            + 2
            + (memoryExportToAdd != null ? 1 : 0)
            + (module.start >= 0 ? 1 : 0);
    out.u32(n);
    for (Export e : module.exports) {
      out.name(e.name()).u8(e.kind()).u32(e.kind() == 0 ? layout.shift(e.index()) : e.index());
    }
    out.name(Metering.GAS_EXPORT).u8(3).u32(layout.gasGlobal());
    out.name(Metering.DEPTH_EXPORT).u8(3).u32(layout.depthGlobal());
    if (memoryExportToAdd != null) {
      out.name(memoryExportToAdd).u8(2).u32(0);
    }
    if (module.start >= 0) {
      out.name(Metering.START_EXPORT).u8(0).u32(layout.shift(module.start));
    }
    return out;
  }

  WasmWriter elements() {
    WasmReader in = module.reader(ModuleReader.ELEMENT);
    WasmWriter out = new WasmWriter(in.end() - in.pos() + 16);
    int n = in.index();
    out.u32(n);
    for (int i = 0; i < n; i++) {
      int flags = in.u32();
      if (flags > 7) {
        throw in.malformed("bad element segment flags " + flags);
      }
      out.u32(flags);
      if (flags == 2 || flags == 6) {
        out.u32(in.u32()); // table index
      }
      if ((flags & 1) == 0) {
        constExpr(in, out); // active segment offset
      }
      if ((flags & 3) != 0) {
        out.u8(in.u8()); // elemkind or reftype
      }
      int count = in.index();
      out.u32(count);
      for (int k = 0; k < count; k++) {
        if ((flags & 4) == 0) {
          out.u32(layout.shift(in.index()));
        } else {
          constExpr(in, out);
        }
      }
    }
    ModuleReader.end(in);
    return out;
  }

  /** Copies a constant expression, shifting {@code ref.func} indices. */
  void constExpr(WasmReader in, WasmWriter out) {
    while (true) {
      int op = in.u8();
      out.u8(op);
      switch (op) {
        case 0x0B -> {
          return;
        }
        case 0x41 -> out.s64(in.signed(32));
        case 0x42 -> out.s64(in.signed(64));
        case 0x43 -> out.bytes(in.take(4));
        case 0x44 -> out.bytes(in.take(8));
        case 0x23 -> out.u32(in.u32());
        case 0xD0 -> out.u8(in.u8());
        case 0xD2 -> out.u32(layout.shift(in.index()));
        case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {}
        default ->
            throw in.malformed(String.format("instruction 0x%02x in a constant expression", op));
      }
    }
  }
}
