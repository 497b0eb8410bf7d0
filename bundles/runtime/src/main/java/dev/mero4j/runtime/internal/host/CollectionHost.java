package dev.mero4j.runtime.internal.host;

import static dev.mero4j.runtime.internal.host.Guest.NONE;
import static dev.mero4j.runtime.internal.host.Guest.VOID;
import static dev.mero4j.runtime.internal.host.Guest.sig;

import dev.mero4j.crdt.CounterHandle;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.wasm.api.HostImport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Host functions of sets, counters and LWW registers, plus {@code mero_root}. */
final class CollectionHost {
  /** Longest root field name. */
  private static final int MAX_FIELD_BYTES = 256;

  private CollectionHost() {}

  static List<HostImport> imports(FrameRef ref) {
    List<HostImport> all = new ArrayList<>();
    all.add(
        HostImport.of(
            "env",
            "mero_root",
            sig("iiii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              byte[] name = Guest.bytes(m, a[1], a[2], MAX_FIELD_BYTES, "field name");
              StateAccess.writeId(m, a[3], StateAccess.field(f, f.tx().root(), name, (int) a[0]));
              return VOID;
            }));
    all.addAll(sets(ref));
    all.addAll(counters(ref));
    all.addAll(registers(ref));
    return all;
  }

  private static List<HostImport> sets(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_set_insert",
            sig("iii"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_set_insert");
              return Guest.i32(
                  set(f, StateAccess.readId(m, a[0])).add(StateAccess.key(f, m, a[1], a[2])));
            }),
        HostImport.of(
            "env",
            "mero_set_contains",
            sig("iii"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              byte[] member = StateAccess.key(f, m, a[1], a[2]);
              return Guest.i32(
                  StateAccess.keyed(f, StateAccess.readId(m, a[0]))
                      .map(s -> s.containsKey(member))
                      .orElse(false));
            }),
        HostImport.of(
            "env",
            "mero_set_remove",
            sig("iii"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_set_remove");
              return Guest.i32(
                  set(f, StateAccess.readId(m, a[0])).remove(StateAccess.key(f, m, a[1], a[2])));
            }),
        HostImport.of(
            "env",
            "mero_set_values",
            sig("iI"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              Optional<MapHandle> set = StateAccess.keyed(f, StateAccess.readId(m, a[0]));
              List<byte[]> values = new ArrayList<>(set.map(MapHandle::keys).orElse(List.of()));
              if (set.isPresent() && !set.get().type().isSorted()) {
                values.sort(Arrays::compareUnsigned);
              }
              f.setRegister(a[1], Guest.list(values));
              return VOID;
            }));
  }

  private static List<HostImport> counters(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_counter_add",
            sig("iI"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_counter_add");
              CounterHandle counter =
                  StateAccess.counter(f, StateAccess.readId(m, a[0]))
                      .orElseThrow(() -> new AbiViolationException("no counter at that handle"));
              counter.increment(a[1]);
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_counter_value",
            sig("i"),
            sig("I"),
            (m, a) ->
                Guest.i64(
                    StateAccess.counter(ref.get(), StateAccess.readId(m, a[0]))
                        .map(CounterHandle::value)
                        .orElse(0L))));
  }

  private static List<HostImport> registers(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_register_set",
            sig("iii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_register_set");
              CallFrame.FieldRef field = f.fieldRef(StateAccess.readId(m, a[0]));
              f.tx().map(field.parent()).put(field.key(), StateAccess.value(f, m, a[1], a[2]));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_register_get",
            sig("iI"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              CallFrame.FieldRef field = f.fieldRef(StateAccess.readId(m, a[0]));
              Optional<byte[]> value =
                  f.tx().typeOf(field.parent()).isPresent() || field.parent().equals(EntityId.ROOT)
                      ? f.tx().map(field.parent()).get(field.key())
                      : Optional.empty();
              value.ifPresent(v -> f.setRegister(a[1], v));
              return Guest.i32(value.isPresent());
            }));
  }

  private static MapHandle set(CallFrame f, EntityId id) {
    MapHandle set =
        StateAccess.keyed(f, id)
            .orElseThrow(() -> new AbiViolationException("no set at that handle"));
    if (set.type() != dev.mero4j.crdt.CrdtType.UNORDERED_SET
        && set.type() != dev.mero4j.crdt.CrdtType.SORTED_SET) {
      throw new AbiViolationException("handle is a " + set.type() + ", not a set");
    }
    return set;
  }
}
