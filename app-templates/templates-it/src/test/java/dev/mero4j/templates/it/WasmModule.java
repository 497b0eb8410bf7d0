package dev.mero4j.templates.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a WebAssembly binary the template tests check: imports, exports, function types,
 * custom sections.
 */
record WasmModule(
    List<Import> imports,
    Map<String, Export> exports,
    List<FuncType> types,
    List<Integer> functionTypes,
    Map<String, byte[]> customSections) {

  /** An imported function, table, memory or global. */
  record Import(String module, String name, int kind, int typeIndex) {}

  /** An export: its kind (0 function, 1 table, 2 memory, 3 global) and index. */
  record Export(String name, int kind, int index) {}

  /** A function type: value type bytes of parameters and results. */
  record FuncType(byte[] params, byte[] results) {}

  static final int KIND_FUNCTION = 0;

  /** Parses the sections of a module; code and data are skipped. */
  static WasmModule parse(byte[] bytes) {
    Reader in = new Reader(bytes);
    if (in.u32le() != 0x6d736100 || in.u32le() != 1) {
      throw new IllegalArgumentException("not a wasm binary module, version 1");
    }
    List<Import> imports = new ArrayList<>();
    Map<String, Export> exports = new LinkedHashMap<>();
    List<FuncType> types = new ArrayList<>();
    List<Integer> functionTypes = new ArrayList<>();
    Map<String, byte[]> custom = new LinkedHashMap<>();
    while (in.more()) {
      int id = in.u8();
      int size = in.leb();
      int end = in.pos + size;
      switch (id) {
        case 0 -> {
          String name = in.name();
          custom.put(name, java.util.Arrays.copyOfRange(bytes, in.pos, end));
        }
        case 1 -> {
          for (int n = in.leb(); n > 0; n--) {
            if (in.u8() != 0x60) {
              throw new IllegalArgumentException("unexpected type form");
            }
            byte[] params = in.bytes(in.leb());
            byte[] results = in.bytes(in.leb());
            types.add(new FuncType(params, results));
          }
        }
        case 2 -> {
          for (int n = in.leb(); n > 0; n--) {
            String module = in.name();
            String name = in.name();
            int kind = in.u8();
            int type = -1;
            switch (kind) {
              case 0 -> type = in.leb();
              case 1 -> {
                in.u8();
                in.limits();
              }
              case 2 -> in.limits();
              case 3 -> {
                in.u8();
                in.u8();
              }
              default -> throw new IllegalArgumentException("unknown import kind " + kind);
            }
            imports.add(new Import(module, name, kind, type));
          }
        }
        case 3 -> {
          for (int n = in.leb(); n > 0; n--) {
            functionTypes.add(in.leb());
          }
        }
        case 7 -> {
          for (int n = in.leb(); n > 0; n--) {
            String name = in.name();
            int kind = in.u8();
            exports.put(name, new Export(name, kind, in.leb()));
          }
        }
        default -> {}
      }
      in.pos = end;
    }
    return new WasmModule(imports, exports, types, functionTypes, custom);
  }

  /** The type of function `index` (imports first, then the module's own functions). */
  FuncType functionType(int index) {
    int imported = (int) imports.stream().filter(i -> i.kind() == KIND_FUNCTION).count();
    if (index < imported) {
      return types.get(
          imports.stream().filter(i -> i.kind() == KIND_FUNCTION).toList().get(index).typeIndex());
    }
    return types.get(functionTypes.get(index - imported));
  }

  /** Byte reader with unsigned LEB128. */
  private static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return pos < data.length;
    }

    int u8() {
      return data[pos++] & 0xff;
    }

    int u32le() {
      int v =
          (data[pos] & 0xff)
              | (data[pos + 1] & 0xff) << 8
              | (data[pos + 2] & 0xff) << 16
              | (data[pos + 3] & 0xff) << 24;
      pos += 4;
      return v;
    }

    int leb() {
      int result = 0;
      for (int shift = 0; ; shift += 7) {
        int b = u8();
        result |= (b & 0x7f) << shift;
        if (b < 0x80) {
          return result;
        }
      }
    }

    byte[] bytes(int n) {
      byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return out;
    }

    String name() {
      return new String(bytes(leb()), StandardCharsets.UTF_8);
    }

    void limits() {
      int flags = u8();
      leb();
      if ((flags & 1) != 0) {
        leb();
      }
    }
  }
}
