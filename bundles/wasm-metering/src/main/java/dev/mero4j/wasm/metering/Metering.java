package dev.mero4j.wasm.metering;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.api.MemoryLimitExceededException;
import dev.mero4j.wasm.api.ModuleTooLargeException;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.metering.ModuleReader.FuncType;
import dev.mero4j.wasm.metering.ModuleReader.Section;
import java.util.Arrays;

/**
 * Rewrites a module so that both engines enforce the same limits the same way.
 *
 * <pre>
 * original module                       metered module
 * ───────────────                       ──────────────
 * imports f0..fk          ──►  imports f0..fk, mero4j.limit_exceeded(i32)   (defined funcs +1)
 * globals g0..gn          ──►  + (mut i64) __mero4j_gas, (mut i32) __mero4j_depth   (exported)
 * memory min..max?        ──►  min..min(max, cap)        (min > cap: rejected)
 * start f                 ──►  exported as __mero4j_start (run by the provider under a budget)
 * every metered block     ──►  if gas &lt; cost: limit_exceeded(0); gas -= cost
 * call to a guest function──►  if depth == 0: limit_exceeded(1); depth--; call; depth++
 * memory.grow             ──►  call __grow: memory.grow, -1 ⇒ limit_exceeded(2)
 * custom "name" section   ──►  dropped (function indices moved)
 * </pre>
 *
 * <p>The output depends only on the input bytes and the memory cap, so the same module consumes the
 * same instruction count on every engine.
 */
public final class Metering {
  /** Import module of the limit function; modules may not import from it themselves. */
  public static final String RESERVED_MODULE = "mero4j";

  /** {@code mero4j.limit_exceeded(i32 reason)}: the host throws {@link LimitReason#toException}. */
  public static final String LIMIT_FUNCTION = "limit_exceeded";

  /** Prefix of every export the rewriter adds; modules may not export such names themselves. */
  public static final String RESERVED_PREFIX = "__mero4j_";

  /** Exported mutable i64 global: instructions left in the current call. */
  public static final String GAS_EXPORT = RESERVED_PREFIX + "gas";

  /** Exported mutable i32 global: guest calls that may still be nested. */
  public static final String DEPTH_EXPORT = RESERVED_PREFIX + "depth";

  /** Export of the module's start function, which the rewriter removes from the start section. */
  public static final String START_EXPORT = RESERVED_PREFIX + "start";

  /** Export added for the module's memory when the module does not export it itself. */
  public static final String MEMORY_EXPORT = RESERVED_PREFIX + "memory";

  /** Version of the rewriting; part of every compiled-module cache key. */
  public static final int VERSION = 1;

  private static final byte[] LIMIT_TYPE = {0x60, 1, ValueTypes.I32, 0};
  private static final byte[] GROW_TYPE = {0x60, 1, ValueTypes.I32, 1, ValueTypes.I32};

  private Metering() {}

  /**
   * Validates the module's structure against {@code limits} and returns the metered module.
   *
   * @throws ModuleTooLargeException if the bytes exceed {@link WasmLimits#maxModuleBytes()}
   * @throws MemoryLimitExceededException if the declared minimum memory exceeds the cap
   * @throws InvalidModuleException if the bytes are malformed or use an unsupported feature
   */
  public static MeteredModule instrument(byte[] wasm, WasmLimits limits) {
    if (wasm.length > limits.maxModuleBytes()) {
      throw new ModuleTooLargeException(
          "module of " + wasm.length + " bytes exceeds the limit of " + limits.maxModuleBytes());
    }
    ModuleReader module = new ModuleReader(wasm);
    boolean hasMemory = module.memoryCount == 1;
    long maxPages = hasMemory ? cappedMaximum(module, limits) : -1;
    int imported = module.importedFunctions();
    int defined = module.functionTypes.size();
    Layout layout =
        new Layout(
            imported,
            imported,
            hasMemory ? imported + 1 + defined : -1,
            module.globalCount,
            module.globalCount + 1);
    int limitType = findType(module, LIMIT_TYPE);
    int growType = findType(module, GROW_TYPE);
    byte[][] extraTypes = extraTypes(limitType, growType);
    int appended = module.types.size();
    limitType = limitType >= 0 ? limitType : appended++;
    growType = growType >= 0 ? growType : appended;
    String memoryExport = memoryExport(module, hasMemory);
    boolean addMemoryExport = hasMemory && memoryExport == null;
    SectionRewriter sections = new SectionRewriter(module, layout);
    WasmWriter[] out = new WasmWriter[13];
    out[ModuleReader.TYPE] = sections.types(extraTypes);
    out[ModuleReader.IMPORT] = sections.imports(limitType);
    out[ModuleReader.FUNCTION] = sections.functions(growType);
    out[ModuleReader.MEMORY] = hasMemory ? sections.memory(module.memoryMin, maxPages) : null;
    out[ModuleReader.GLOBAL] = sections.globals();
    out[ModuleReader.EXPORT] = sections.exports(addMemoryExport ? MEMORY_EXPORT : null);
    out[ModuleReader.ELEMENT] =
        module.known[ModuleReader.ELEMENT] == null ? null : sections.elements();
    out[ModuleReader.CODE] = code(module, layout, defined);
    return new MeteredModule(
        Hash.sha256(wasm),
        assemble(module, out),
        module,
        addMemoryExport ? MEMORY_EXPORT : memoryExport,
        hasMemory ? module.memoryMin : 0,
        maxPages,
        limits);
  }

  /** The memory maximum lowered to the cap; a minimum above the cap is rejected. */
  private static long cappedMaximum(ModuleReader module, WasmLimits limits) {
    long cap = limits.maxMemoryPages();
    if (module.memoryMin > cap) {
      throw new MemoryLimitExceededException(
          "module needs " + module.memoryMin + " pages of memory; the limit is " + cap + " pages",
          limits.maxMemoryBytes());
    }
    if (module.memoryMax >= 0 && module.memoryMax < module.memoryMin) {
      throw new InvalidModuleException("memory maximum is below its minimum");
    }
    return module.memoryMax < 0 ? cap : Math.min(module.memoryMax, cap);
  }

  /** Instruments under {@link WasmLimits#DEFAULT}. */
  public static MeteredModule instrument(byte[] wasm) {
    return instrument(wasm, WasmLimits.DEFAULT);
  }

  private static String memoryExport(ModuleReader module, boolean hasMemory) {
    if (!hasMemory) {
      return null;
    }
    for (ModuleReader.Export e : module.exports) {
      if (e.kind() == 2 && e.index() == 0) {
        return e.name();
      }
    }
    return null;
  }

  private static byte[][] extraTypes(int limitType, int growType) {
    if (limitType >= 0 && growType >= 0) {
      return new byte[0][];
    }
    if (limitType >= 0) {
      return new byte[][] {GROW_TYPE};
    }
    if (growType >= 0) {
      return new byte[][] {LIMIT_TYPE};
    }
    return new byte[][] {LIMIT_TYPE, GROW_TYPE};
  }

  private static int findType(ModuleReader module, byte[] encoded) {
    for (int i = 0; i < module.types.size(); i++) {
      FuncType t = module.types.get(i);
      byte[] e = new byte[3 + t.params().length + t.results().length];
      e[0] = 0x60;
      e[1] = (byte) t.params().length;
      System.arraycopy(t.params(), 0, e, 2, t.params().length);
      e[2 + t.params().length] = (byte) t.results().length;
      System.arraycopy(t.results(), 0, e, 3 + t.params().length, t.results().length);
      if (Arrays.equals(e, encoded)) {
        return i;
      }
    }
    return -1;
  }

  private static WasmWriter code(ModuleReader module, Layout layout, int defined) {
    WasmReader in = module.reader(ModuleReader.CODE);
    int n = in == null ? 0 : in.index();
    if (n != defined) {
      throw new InvalidModuleException("function and code section counts differ");
    }
    WasmWriter out = new WasmWriter(in == null ? 64 : (in.end() - in.pos()) * 2);
    out.u32(n + (layout.growHelper() >= 0 ? 1L : 0L));
    FunctionRewriter rewriter = new FunctionRewriter(layout, module.functionCount());
    for (int i = 0; i < n; i++) {
      int size = in.index();
      int start = in.pos();
      in.skip(size);
      byte[] body = rewriter.rewrite(module.module, start, start + size);
      out.u32(body.length).bytes(body);
    }
    if (in != null) {
      ModuleReader.end(in);
    }
    if (layout.growHelper() >= 0) {
      byte[] helper = Instrumentation.growHelperBody(layout);
      out.u32(helper.length).bytes(helper);
    }
    return out;
  }

  private static byte[] assemble(ModuleReader module, WasmWriter[] rewritten) {
    WasmWriter out = new WasmWriter(module.module.length * 2);
    out.bytes(module.module, 0, 8);
    customs(module, 0, out);
    for (int id : ModuleReader.ORDER) {
      Section original = module.known[id];
      if (id == ModuleReader.START) {
        customs(module, id, out);
        continue;
      }
      if (rewritten[id] != null) {
        out.u8(id).sized(rewritten[id]);
      } else if (original != null) {
        out.u8(id)
            .u32(original.end() - original.start())
            .bytes(module.module, original.start(), original.end());
      }
      customs(module, id, out);
    }
    return out.toByteArray();
  }

  private static void customs(ModuleReader module, int after, WasmWriter out) {
    for (Section s : module.sections) {
      if (s.id() == ModuleReader.CUSTOM && s.after() == after && !"name".equals(s.customName())) {
        WasmWriter payload = new WasmWriter(s.end() - s.start() + 16);
        payload.name(s.customName()).bytes(module.module, s.start(), s.end());
        out.u8(0).sized(payload);
      }
    }
  }
}
