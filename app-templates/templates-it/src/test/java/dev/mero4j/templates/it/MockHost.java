package dev.mero4j.templates.it;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.templates.it.MockState.Bytes;
import dev.mero4j.templates.it.MockState.Entity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-node stand-in for the node's host ABI v1, written from docs/abi.md, that runs an app
 * module with Chicory: enough to check what the SDK sends and decodes, not the node's runtime.
 */
final class MockHost {
  /** The executor's public key in every call. */
  static final byte[] EXECUTOR = MockState.sha256("executor".getBytes(StandardCharsets.UTF_8));

  /** What one call did. */
  record Call(String result, String error, String panic, List<String> logs, List<Event> events) {}

  /** An emitted event; {@code handler} is empty when none was named. */
  record Event(String kind, String data, String handler) {}

  /** A guest trap through {@code mero_panic}. */
  static final class Panic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Panic(String message) {
      super(message);
    }
  }

  private final WasmModule module;
  final MockState state = new MockState();

  // Per call.
  private final Map<Long, byte[]> registers = new HashMap<>();
  private byte[] input;
  private String result;
  private String error;
  private final List<String> logs = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();

  MockHost(byte[] wasm) {
    this.module = Parser.parse(wasm);
  }

  /** Runs export {@code method} with JSON {@code args} in a fresh instance. */
  Call call(String method, String args) {
    registers.clear();
    logs.clear();
    events.clear();
    result = null;
    error = null;
    input = args.getBytes(StandardCharsets.UTF_8);
    Instance instance = Instance.builder(module).withImportValues(imports()).build();
    String panic = null;
    try {
      instance.export(method).apply();
    } catch (RuntimeException e) {
      panic = panicMessage(e);
    }
    return new Call(result, error, panic, List.copyOf(logs), List.copyOf(events));
  }

  /**
   * The message of a {@code mero_panic} anywhere in the cause chain; any other failure is rethrown.
   */
  private static String panicMessage(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Panic p) {
        return p.getMessage();
      }
    }
    throw e;
  }

  private ImportValues imports() {
    ImportValues.Builder b = ImportValues.builder();
    // Registers, call I/O, environment.
    fn(
        b,
        "mero_register_len",
        "I:I",
        (m, a) -> registers.containsKey(a[0]) ? registers.get(a[0]).length : -1);
    fn(
        b,
        "mero_read_register",
        "Ii:",
        (m, a) -> {
          m.write(i(a[1]), registers.get(a[0]));
          return 0;
        });
    fn(b, "mero_input", "I:", (m, a) -> put(a[0], input));
    fn(
        b,
        "mero_return",
        "ii:",
        (m, a) -> {
          result = text(m, a[0], a[1]);
          return 0;
        });
    fn(
        b,
        "mero_error",
        "ii:",
        (m, a) -> {
          error = text(m, a[0], a[1]);
          return 0;
        });
    fn(
        b,
        "mero_panic",
        "ii:",
        (m, a) -> {
          throw new Panic(text(m, a[0], a[1]));
        });
    fn(
        b,
        "mero_log",
        "ii:",
        (m, a) -> {
          logs.add(text(m, a[0], a[1]));
          return 0;
        });
    fn(
        b,
        "mero_emit",
        "iiiiii:",
        (m, a) -> {
          events.add(new Event(text(m, a[0], a[1]), text(m, a[2], a[3]), text(m, a[4], a[5])));
          return 0;
        });
    fn(b, "mero_context_id", "I:", (m, a) -> put(a[0], new byte[32]));
    fn(b, "mero_executor_id", "I:", (m, a) -> put(a[0], EXECUTOR));
    fn(b, "mero_time_now", ":I", (m, a) -> 1_700_000_000_000_000_000L);
    fn(
        b,
        "mero_random_bytes",
        "ii:",
        (m, a) -> {
          m.write(i(a[0]), new byte[i(a[1])]);
          return 0;
        });
    // Roots and maps.
    fn(
        b,
        "mero_root",
        "iiii:",
        (m, a) -> {
          m.write(i(a[3]), state.child(new byte[32], bytes(m, a[1], a[2]), i(a[0])));
          return 0;
        });
    fn(
        b,
        "mero_map_get",
        "iiiI:i",
        (m, a) -> found(a[3], entity(m, a[0]).entries.get(key(m, a[1], a[2]))));
    fn(
        b,
        "mero_map_insert",
        "iiiiiI:i",
        (m, a) -> {
          Entity e = entity(m, a[0]);
          byte[] value = bytes(m, a[3], a[4]);
          Bytes key =
              switch (e.kind) {
                case MockState.USER_STORAGE -> new Bytes(EXECUTOR);
                case MockState.FROZEN_STORAGE -> new Bytes(MockState.sha256(value));
                default -> key(m, a[1], a[2]);
              };
          byte[] old = e.entries.put(key, value);
          if (e.kind == MockState.FROZEN_STORAGE) {
            put(a[5], key.value());
          }
          return e.kind == MockState.FROZEN_STORAGE ? (old != null ? 1 : 0) : found(a[5], old);
        });
    fn(
        b,
        "mero_map_remove",
        "iiiI:i",
        (m, a) -> found(a[3], entity(m, a[0]).entries.remove(key(m, a[1], a[2]))));
    fn(
        b,
        "mero_map_contains",
        "iii:i",
        (m, a) -> entity(m, a[0]).entries.containsKey(key(m, a[1], a[2])) ? 1 : 0);
    fn(b, "mero_map_len", "i:I", (m, a) -> entity(m, a[0]).entries.size());
    fn(
        b,
        "mero_map_entries",
        "iI:",
        (m, a) -> {
          List<byte[]> items = new ArrayList<>();
          entity(m, a[0])
              .entries
              .forEach(
                  (k, v) -> {
                    items.add(k.value());
                    items.add(v);
                  });
          return put(a[1], MockState.list(items));
        });
    fn(
        b,
        "mero_map_child",
        "iiiii:",
        (m, a) -> {
          m.write(i(a[4]), state.child(bytes(m, a[0], 32), bytes(m, a[1], a[2]), i(a[3])));
          return 0;
        });
    // Sets.
    fn(
        b,
        "mero_set_insert",
        "iii:i",
        (m, a) -> entity(m, a[0]).entries.put(key(m, a[1], a[2]), new byte[0]) == null ? 1 : 0);
    fn(
        b,
        "mero_set_contains",
        "iii:i",
        (m, a) -> entity(m, a[0]).entries.containsKey(key(m, a[1], a[2])) ? 1 : 0);
    fn(
        b,
        "mero_set_remove",
        "iii:i",
        (m, a) -> entity(m, a[0]).entries.remove(key(m, a[1], a[2])) != null ? 1 : 0);
    fn(
        b,
        "mero_set_values",
        "iI:",
        (m, a) ->
            put(
                a[1],
                MockState.list(
                    entity(m, a[0]).entries.keySet().stream().map(Bytes::value).toList())));
    // Vectors.
    fn(b, "mero_vector_len", "i:I", (m, a) -> entity(m, a[0]).elements.size());
    fn(
        b,
        "mero_vector_get",
        "iII:i",
        (m, a) -> {
          List<byte[]> el = entity(m, a[0]).elements;
          return a[1] < el.size() ? found(a[2], el.get(i(a[1]))) : 0;
        });
    fn(
        b,
        "mero_vector_insert",
        "iIii:",
        (m, a) -> {
          entity(m, a[0]).elements.add(i(a[1]), bytes(m, a[2], a[3]));
          return 0;
        });
    fn(
        b,
        "mero_vector_set",
        "iIii:",
        (m, a) -> {
          entity(m, a[0]).elements.set(i(a[1]), bytes(m, a[2], a[3]));
          return 0;
        });
    fn(
        b,
        "mero_vector_remove",
        "iII:i",
        (m, a) -> found(a[2], entity(m, a[0]).elements.remove(i(a[1]))));
    // Counters, registers, text.
    fn(
        b,
        "mero_counter_add",
        "iI:",
        (m, a) -> {
          Entity e = entity(m, a[0]);
          if (e.kind == MockState.G_COUNTER && a[1] < 0) {
            throw new IllegalStateException("GCounter rejects negative amounts");
          }
          e.counter += a[1];
          return 0;
        });
    fn(b, "mero_counter_value", "i:I", (m, a) -> entity(m, a[0]).counter);
    fn(
        b,
        "mero_register_set",
        "iii:",
        (m, a) -> {
          entity(m, a[0]).register = bytes(m, a[1], a[2]);
          return 0;
        });
    fn(b, "mero_register_get", "iI:i", (m, a) -> found(a[1], entity(m, a[0]).register));
    fn(
        b,
        "mero_text_insert",
        "iIii:",
        (m, a) -> {
          Entity e = entity(m, a[0]);
          e.text.insert(e.textOffset(a[1]), text(m, a[2], a[3]));
          return 0;
        });
    fn(
        b,
        "mero_text_delete",
        "iII:",
        (m, a) -> {
          Entity e = entity(m, a[0]);
          e.text.delete(e.textOffset(a[1]), e.textOffset(a[1] + a[2]));
          return 0;
        });
    fn(b, "mero_text_len", "i:I", (m, a) -> entity(m, a[0]).textLength());
    fn(
        b,
        "mero_text_read",
        "iI:",
        (m, a) -> put(a[1], entity(m, a[0]).text.toString().getBytes(StandardCharsets.UTF_8)));
    return b.build();
  }

  /**
   * A host function body over memory and arguments, returning the single result (ignored when there
   * is none).
   */
  private interface Body {
    long apply(Memory memory, long[] args);
  }

  /**
   * Declares import {@code name} with signature {@code "params:results"} in letters i (i32) and I
   * (i64).
   */
  private static void fn(ImportValues.Builder b, String name, String signature, Body body) {
    String[] parts = signature.split(":", -1);
    List<ValType> returns = types(parts[1]);
    WasmFunctionHandle handle =
        (instance, args) -> {
          long value = body.apply(instance.memory(), args);
          return returns.isEmpty() ? null : new long[] {value};
        };
    b.addFunction(new HostFunction("env", name, FunctionType.of(types(parts[0]), returns), handle));
  }

  private static List<ValType> types(String letters) {
    return letters.chars().mapToObj(c -> c == 'i' ? ValType.I32 : ValType.I64).toList();
  }

  private Entity entity(Memory m, long idPtr) {
    return state.entity(bytes(m, idPtr, 32));
  }

  private long put(long reg, byte[] value) {
    registers.put(reg, value);
    return 0;
  }

  private long found(long reg, byte[] value) {
    if (value == null) {
      return 0;
    }
    registers.put(reg, value);
    return 1;
  }

  private static Bytes key(Memory m, long ptr, long len) {
    return new Bytes(bytes(m, ptr, len));
  }

  private static byte[] bytes(Memory m, long ptr, long len) {
    return m.readBytes(i(ptr), i(len));
  }

  private static String text(Memory m, long ptr, long len) {
    return new String(bytes(m, ptr, len), StandardCharsets.UTF_8);
  }

  /** i32 arguments as ints (the interpreter may leave high bits set). */
  private static int i(long value) {
    return (int) value;
  }
}
