package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.api.InvalidModuleException;
import java.util.Arrays;

/**
 * Instruments one function body: charges each metered region's static instruction count on entry,
 * guards calls with the call-depth counter and routes memory.grow through the grow helper. Where
 * regions start and what they cost is decided by {@link CostModel}.
 */
final class FunctionRewriter {
  private static final int CALL = 0x10;
  private static final int CALL_INDIRECT = 0x11;
  private static final int REF_FUNC = 0xD2;
  private static final int MEMORY_GROW = 0x40;
  private static final int END = 0x0B;

  /** Locals per function; Wasmtime refuses more than 50,000 and Chicory would allocate them all. */
  private static final long MAX_LOCALS = 50_000;

  private final Layout layout;
  private final int functionCount;
  private int count;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int[] ops = new int[64];
  private int[] targets = new int[64];
  private int[] openers = new int[64];
  private boolean[] targeted = new boolean[64];
  private int[] control = new int[16];
  private int controlSize;
  private int target;

  FunctionRewriter(Layout layout, int functionCount) {
    this.layout = layout;
    this.functionCount = functionCount;
  }

  /** Rewrites the body {@code [start, end)} (locals and code, without the size prefix). */
  byte[] rewrite(byte[] module, int start, int end) {
    WasmReader in = new WasmReader(module, start, end);
    int groups = in.index();
    long locals = 0;
    for (int i = 0; i < groups; i++) {
      locals += in.u32() & 0xFFFF_FFFFL;
      ValueTypes.check(in.u8(), in);
    }
    if (locals > MAX_LOCALS) {
      throw in.malformed("too many locals");
    }
    int codeStart = in.pos();
    decode(in);
    WasmWriter out = new WasmWriter((end - start) * 2);
    out.bytes(module, start, codeStart);
    emit(module, out);
    return out.toByteArray();
  }

  private void decode(WasmReader in) {
    count = 0;
    controlSize = 0;
    while (true) {
      if (!in.hasMore()) {
        throw in.malformed("function body without end");
      }
      int begin = in.pos();
      int op = in.u8();
      target = -1;
      int opener = -1;
      if (op >= 0x02 && op <= END) {
        opener = control(op, in);
      } else if (op >= 0x0C && op <= 0x0E) {
        branch(op, in);
      } else {
        op = operands(op, in);
      }
      add(begin, in.pos(), op, target, opener);
      if (op == END && opener < 0) {
        if (in.hasMore()) {
          throw in.malformed("code after the function's end");
        }
        return;
      }
    }
  }

  /** Block structure: returns the opener of an {@code end}, -1 for the function's own end. */
  private int control(int op, WasmReader in) {
    switch (op) {
      case 0x02, 0x03, 0x04 -> {
        blockType(in);
        push(count);
      }
      case 0x05 -> {}
      case END -> {
        return controlSize > 0 ? control[--controlSize] : -1;
      }
      default -> throw unsupported(op, in);
    }
    return -1;
  }

  private void branch(int op, WasmReader in) {
    if (op == 0x0E) {
      int n = in.index();
      for (int i = 0; i <= n; i++) {
        branchTo(in.u32(), in);
      }
    } else {
      branchTo(in.u32(), in);
    }
  }

  /** Reads the immediates of a non-control instruction; returns its opcode (0xFCnn if prefixed). */
  private int operands(int op, WasmReader in) {
    switch (op) {
      case CALL, REF_FUNC -> {
        target = in.index();
        if (target >= functionCount) {
          throw in.malformed("function index " + target + " out of range");
        }
      }
      case CALL_INDIRECT -> {
        in.u32();
        in.u32();
      }
      case 0x1C -> {
        int n = in.index();
        for (int i = 0; i < n; i++) {
          ValueTypes.check(in.u8(), in);
        }
      }
      case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26 -> in.u32();
      case 0x3F, MEMORY_GROW -> {
        if (in.u8() != 0) {
          throw in.malformed("multiple memories are not supported");
        }
      }
      case 0x41 -> in.signed(32);
      case 0x42 -> in.signed(64);
      case 0x43 -> in.skip(4);
      case 0x44 -> in.skip(8);
      case 0xD0 -> ValueTypes.check(in.u8(), in);
      case 0xFC -> {
        return 0xFC00 | prefixed(in);
      }
      default -> plain(op, in);
    }
    return op;
  }

  private static InvalidModuleException unsupported(int op, WasmReader in) {
    return new InvalidModuleException(
        String.format("unsupported instruction 0x%02x at offset %d", op, in.pos() - 1));
  }

  private void push(int index) {
    if (controlSize == control.length) {
      control = Arrays.copyOf(control, controlSize * 2);
    }
    control[controlSize++] = index;
  }

  /**
   * Marks the block a branch of relative depth {@code label} jumps to (the function label: none).
   */
  private void branchTo(int label, WasmReader in) {
    if (label < 0 || label > controlSize) {
      throw in.malformed("branch label " + label + " out of range");
    }
    if (label < controlSize) {
      targeted[control[controlSize - 1 - label]] = true;
    }
  }

  private static void plain(int op, WasmReader in) {
    if (op >= 0x28 && op <= 0x3E) {
      int align = in.u32();
      if ((align & 0x40) != 0) {
        throw in.malformed("multiple memories are not supported");
      }
      in.u32();
    } else if (!(op == 0x00
        || op == 0x01
        || op == 0x0F
        || op == 0x1A
        || op == 0x1B
        || (op >= 0x45 && op <= 0xC4)
        || op == 0xD1)) {
      throw unsupported(op, in);
    }
  }

  private static int prefixed(WasmReader in) {
    int sub = in.u32();
    switch (sub) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> {}
      case 8 -> {
        in.u32();
        in.u8();
      }
      case 9, 13, 15, 16, 17 -> in.u32();
      case 10 -> {
        in.u8();
        in.u8();
      }
      case 11 -> in.u8();
      case 12, 14 -> {
        in.u32();
        in.u32();
      }
      default ->
          throw new InvalidModuleException(
              "unsupported instruction 0xfc " + sub + " at offset " + in.pos());
    }
    return sub;
  }

  private static void blockType(WasmReader in) {
    int b = in.peek();
    if (b == 0x40 || ValueTypes.isValueType(b)) {
      in.u8();
    } else {
      long index = in.signed(33);
      if (index < 0) {
        throw in.malformed("bad block type");
      }
    }
  }

  private void add(int begin, int end, int op, int target, int opener) {
    if (count == starts.length) {
      int n = count * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      ops = Arrays.copyOf(ops, n);
      targets = Arrays.copyOf(targets, n);
      openers = Arrays.copyOf(openers, n);
      targeted = Arrays.copyOf(targeted, n);
    }
    starts[count] = begin;
    ends[count] = end;
    ops[count] = op;
    targets[count] = target;
    openers[count] = opener;
    targeted[count] = false;
    count++;
  }

  private void emit(byte[] module, WasmWriter out) {
    CostModel regions = new CostModel(ops, openers, targeted, count);
    int i = 0;
    while (i < count) {
      int end = regions.regionEnd(i);
      long cost = regions.cost(i, end);
      if (cost > 0) {
        Instrumentation.charge(out, layout, cost);
      }
      for (int k = i; k < end; k++) {
        emitOne(module, out, k);
      }
      i = end;
    }
  }

  private void emitOne(byte[] module, WasmWriter out, int k) {
    switch (ops[k]) {
      case CALL -> {
        boolean guest = targets[k] >= layout.importedFunctions();
        if (guest) {
          Instrumentation.enterCall(out, layout);
        }
        out.u8(CALL).u32(layout.shift(targets[k]));
        if (guest) {
          Instrumentation.leaveCall(out, layout);
        }
      }
      case CALL_INDIRECT -> {
        Instrumentation.enterCall(out, layout);
        out.bytes(module, starts[k], ends[k]);
        Instrumentation.leaveCall(out, layout);
      }
      case REF_FUNC -> out.u8(REF_FUNC).u32(layout.shift(targets[k]));
      case MEMORY_GROW -> out.u8(CALL).u32(layout.growHelper());
      default -> out.bytes(module, starts[k], ends[k]);
    }
  }
}
