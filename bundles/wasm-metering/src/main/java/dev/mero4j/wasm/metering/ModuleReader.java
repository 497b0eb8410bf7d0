package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.api.UnresolvedImportException;
import dev.mero4j.wasm.api.ValueType;
import java.util.ArrayList;
import java.util.List;

/** Splits a module into sections and decodes the parts the rewriter needs. */
final class ModuleReader {
  static final int CUSTOM = 0;
  static final int TYPE = 1;
  static final int IMPORT = 2;
  static final int FUNCTION = 3;
  static final int TABLE = 4;
  static final int MEMORY = 5;
  static final int GLOBAL = 6;
  static final int EXPORT = 7;
  static final int START = 8;
  static final int ELEMENT = 9;
  static final int CODE = 10;
  static final int DATA = 11;
  static final int DATA_COUNT = 12;

  /** Canonical order of the known sections (data count sits between element and code). */
  static final int[] ORDER = {
    TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEMENT, DATA_COUNT, CODE, DATA
  };

  /** One section: id and payload range in the module bytes; customs remember their predecessor. */
  record Section(int id, int start, int end, String customName, int after) {}

  /** A function type: parameter and result type codes. */
  record FuncType(byte[] params, byte[] results) {
    FunctionSignature toSignature(String name) {
      return new FunctionSignature(name, toApi(params, name), toApi(results, name));
    }

    private static List<ValueType> toApi(byte[] codes, String name) {
      List<ValueType> types = new ArrayList<>(codes.length);
      for (byte code : codes) {
        ValueType type = ValueTypes.toApi(code & 0xFF);
        if (type == null) {
          throw new InvalidModuleException(
              "function "
                  + name
                  + " uses a reference type in its signature; only numbers are supported");
        }
        types.add(type);
      }
      return types;
    }
  }

  /** An export entry. */
  record Export(String name, int kind, int index) {}

  final byte[] module;
  final List<Section> sections = new ArrayList<>();
  final Section[] known = new Section[13];
  final List<FuncType> types = new ArrayList<>();
  final List<FunctionImport> imports = new ArrayList<>();
  final List<Integer> importTypes = new ArrayList<>();
  final List<Integer> functionTypes = new ArrayList<>();
  final List<Export> exports = new ArrayList<>();
  int memoryCount;
  long memoryMin = -1;
  long memoryMax = -1;
  int globalCount;
  int start = -1;

  ModuleReader(byte[] module) {
    this.module = module;
    readSections();
    readTypes();
    readImports();
    readFunctions();
    readMemory();
    readGlobals();
    readExports();
    readStart();
  }

  int importedFunctions() {
    return imports.size();
  }

  int functionCount() {
    return imports.size() + functionTypes.size();
  }

  int functionType(int function) {
    return function < imports.size()
        ? importTypes.get(function)
        : functionTypes.get(function - imports.size());
  }

  private void readSections() {
    if (module.length < 8
        || module[0] != 0
        || module[1] != 'a'
        || module[2] != 's'
        || module[3] != 'm') {
      throw new InvalidModuleException("malformed module: missing \\0asm magic");
    }
    if (module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0) {
      throw new InvalidModuleException("unsupported module version (only version 1 is supported)");
    }
    WasmReader in = new WasmReader(module, 8, module.length);
    int last = 0;
    int lastRank = -1;
    while (in.hasMore()) {
      int id = in.u8();
      int size = in.index();
      int begin = in.pos();
      in.skip(size);
      if (id == CUSTOM) {
        WasmReader name = new WasmReader(module, begin, begin + size);
        String customName = name.name();
        sections.add(new Section(id, name.pos(), begin + size, customName, last));
        continue;
      }
      int rank = rank(id);
      if (rank < 0) {
        throw new InvalidModuleException("unsupported section id " + id + " (a post-MVP proposal)");
      }
      if (rank <= lastRank) {
        throw new InvalidModuleException("malformed module: section " + id + " out of order");
      }
      lastRank = rank;
      Section section = new Section(id, begin, begin + size, null, last);
      sections.add(section);
      known[id] = section;
      last = id;
    }
  }

  static int rank(int id) {
    for (int i = 0; i < ORDER.length; i++) {
      if (ORDER[i] == id) {
        return i;
      }
    }
    return -1;
  }

  WasmReader reader(int id) {
    Section s = known[id];
    return s == null ? null : new WasmReader(module, s.start(), s.end());
  }

  private void readTypes() {
    WasmReader in = reader(TYPE);
    if (in == null) {
      return;
    }
    int n = in.index();
    for (int i = 0; i < n; i++) {
      if (in.u8() != 0x60) {
        throw in.malformed("expected a function type");
      }
      byte[] params = valueTypes(in);
      byte[] results = valueTypes(in);
      types.add(new FuncType(params, results));
    }
    end(in);
  }

  private static byte[] valueTypes(WasmReader in) {
    int n = in.index();
    byte[] codes = new byte[n];
    for (int i = 0; i < n; i++) {
      int code = in.u8();
      ValueTypes.check(code, in);
      codes[i] = (byte) code;
    }
    return codes;
  }

  private void readImports() {
    WasmReader in = reader(IMPORT);
    if (in == null) {
      return;
    }
    int n = in.index();
    for (int i = 0; i < n; i++) {
      String moduleName = in.name();
      String name = in.name();
      int kind = in.u8();
      if (kind != 0) {
        throw new UnresolvedImportException(
            "module imports "
                + kindName(kind)
                + " "
                + moduleName
                + "."
                + name
                + "; only function imports are supported");
      }
      if (Metering.RESERVED_MODULE.equals(moduleName)) {
        throw new InvalidModuleException("import module name '" + moduleName + "' is reserved");
      }
      int type = in.index();
      importTypes.add(type);
      imports.add(new FunctionImport(moduleName, type(type, in).toSignature(name)));
    }
    end(in);
  }

  private static String kindName(int kind) {
    return switch (kind) {
      case 1 -> "table";
      case 2 -> "memory";
      case 3 -> "global";
      default -> "kind " + kind;
    };
  }

  FuncType type(int index, WasmReader in) {
    if (index >= types.size()) {
      throw in.malformed("type index " + index + " out of range");
    }
    return types.get(index);
  }

  private void readFunctions() {
    WasmReader in = reader(FUNCTION);
    if (in == null) {
      return;
    }
    int n = in.index();
    for (int i = 0; i < n; i++) {
      int type = in.index();
      type(type, in);
      functionTypes.add(type);
    }
    end(in);
  }

  private void readMemory() {
    WasmReader in = reader(MEMORY);
    if (in == null) {
      return;
    }
    memoryCount = in.index();
    if (memoryCount > 1) {
      throw new InvalidModuleException("multiple memories are not supported");
    }
    if (memoryCount == 1) {
      int flags = in.u8();
      if (flags > 1) {
        throw new InvalidModuleException("shared or 64-bit memories are not supported");
      }
      memoryMin = in.u32() & 0xFFFF_FFFFL;
      if (flags == 1) {
        memoryMax = in.u32() & 0xFFFF_FFFFL;
      }
    }
    end(in);
  }

  private void readGlobals() {
    WasmReader in = reader(GLOBAL);
    globalCount = in == null ? 0 : in.index();
  }

  private void readExports() {
    WasmReader in = reader(EXPORT);
    if (in == null) {
      return;
    }
    int n = in.index();
    for (int i = 0; i < n; i++) {
      String name = in.name();
      int kind = in.u8();
      int index = in.index();
      if (kind > 3) {
        throw in.malformed("bad export kind " + kind);
      }
      if (kind == 0 && index >= functionCount()) {
        throw in.malformed("exported function index " + index + " out of range");
      }
      if (kind == 0 && (name.equals("_start") || name.equals("_initialize"))) {
        throw new InvalidModuleException(
            "export '"
                + name
                + "' marks a WASI command or reactor; only plain library modules are supported");
      }
      if (name.startsWith(Metering.RESERVED_PREFIX)) {
        throw new InvalidModuleException("export name '" + name + "' is reserved");
      }
      exports.add(new Export(name, kind, index));
    }
    end(in);
  }

  private void readStart() {
    WasmReader in = reader(START);
    if (in != null) {
      start = in.index();
      if (start >= functionCount()) {
        throw in.malformed("start function index out of range");
      }
      end(in);
    }
  }

  static void end(WasmReader in) {
    if (in.hasMore()) {
      throw in.malformed("section has trailing bytes");
    }
  }
}
