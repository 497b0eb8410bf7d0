package dev.mero4j.runtime.internal.host;

import static dev.mero4j.runtime.internal.host.Guest.NONE;
import static dev.mero4j.runtime.internal.host.Guest.VOID;
import static dev.mero4j.runtime.internal.host.Guest.sig;

import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.HostImport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Host functions of keyed collections: maps, sorted maps, user storage and frozen storage. */
final class MapHost {
  private MapHost() {}

  static List<HostImport> imports(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_map_get",
            sig("iiiI"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              Optional<byte[]> value =
                  get(f, StateAccess.readId(m, a[0]), StateAccess.key(f, m, a[1], a[2]));
              value.ifPresent(v -> f.setRegister(a[3], v));
              return Guest.i32(value.isPresent());
            }),
        HostImport.of(
            "env", "mero_map_insert", sig("iiiiiI"), sig("i"), (m, a) -> insert(ref.get(), m, a)),
        HostImport.of(
            "env",
            "mero_map_remove",
            sig("iiiI"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_map_remove");
              EntityId id = StateAccess.readId(m, a[0]);
              byte[] key = StateAccess.key(f, m, a[1], a[2]);
              Optional<byte[]> old = get(f, id, key);
              old.ifPresent(
                  v -> {
                    existing(f, id).remove(key);
                    f.setRegister(a[3], v);
                  });
              return Guest.i32(old.isPresent());
            }),
        HostImport.of(
            "env",
            "mero_map_contains",
            sig("iii"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              byte[] key = StateAccess.key(f, m, a[1], a[2]);
              return Guest.i32(
                  StateAccess.keyed(f, StateAccess.readId(m, a[0]))
                      .map(h -> h.containsKey(key))
                      .orElse(false));
            }),
        HostImport.of(
            "env",
            "mero_map_len",
            sig("i"),
            sig("I"),
            (m, a) ->
                Guest.i64(
                    StateAccess.keyed(ref.get(), StateAccess.readId(m, a[0]))
                        .map(MapHandle::size)
                        .orElse(0))),
        HostImport.of(
            "env",
            "mero_map_entries",
            sig("iI"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.setRegister(a[1], Guest.list(entries(f, StateAccess.readId(m, a[0]))));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_map_range",
            sig("iiiiiIII"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.setRegister(a[7], Guest.list(range(f, m, a)));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_map_child",
            sig("iiiii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              EntityId parent = StateAccess.readId(m, a[0]);
              byte[] key = StateAccess.key(f, m, a[1], a[2]);
              Optional<MapHandle> handle = StateAccess.keyed(f, parent);
              EntityId child =
                  handle.isPresent()
                      ? StateAccess.field(f, handle.get(), key, (int) a[3])
                      : parent.child(key);
              StateAccess.writeId(m, a[4], child);
              return VOID;
            }));
  }

  private static long[] insert(CallFrame f, GuestMemory m, long[] a) {
    f.requireWritable("mero_map_insert");
    EntityId id = StateAccess.readId(m, a[0]);
    byte[] key = StateAccess.key(f, m, a[1], a[2]);
    byte[] value = StateAccess.value(f, m, a[3], a[4]);
    MapHandle map = existing(f, id);
    if (map.type() == CrdtType.USER_STORAGE) {
      var slot = f.tx().map(f.fieldRef(id).parent()).userStorage(f.fieldRef(id).key());
      Optional<byte[]> old = slot.mine();
      slot.put(value);
      old.ifPresent(v -> f.setRegister(a[5], v));
      return Guest.i32(old.isPresent());
    }
    if (map.type() == CrdtType.FROZEN_STORAGE) {
      Hash hash =
          f.tx().map(f.fieldRef(id).parent()).frozenStorage(f.fieldRef(id).key()).put(value);
      f.setRegister(a[5], hash.toBytes());
      return Guest.i32(true);
    }
    if (map.type() != CrdtType.UNORDERED_MAP && map.type() != CrdtType.SORTED_MAP) {
      throw new AbiViolationException(
          "mero_map_insert on a " + map.type() + "; use the set functions");
    }
    Optional<byte[]> old = map.get(key);
    map.put(key, value);
    old.ifPresent(v -> f.setRegister(a[5], v));
    return Guest.i32(old.isPresent());
  }

  private static Optional<byte[]> get(CallFrame f, EntityId id, byte[] key) {
    Optional<MapHandle> map = StateAccess.keyed(f, id);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    return switch (map.get().type()) {
      case USER_STORAGE -> {
        CallFrame.FieldRef field = f.fieldRef(id);
        yield f.tx().map(field.parent()).userStorage(field.key()).get(PublicKey.of(key));
      }
      case FROZEN_STORAGE -> {
        CallFrame.FieldRef field = f.fieldRef(id);
        yield f.tx().map(field.parent()).frozenStorage(field.key()).get(Hash.of(key));
      }
      default -> map.get().get(key);
    };
  }

  private static MapHandle existing(CallFrame f, EntityId id) {
    return StateAccess.keyed(f, id)
        .orElseThrow(() -> new AbiViolationException("no collection " + id.toHex()));
  }

  private static List<byte[]> entries(CallFrame f, EntityId id) {
    Optional<MapHandle> map = StateAccess.keyed(f, id);
    if (map.isEmpty()) {
      return List.of();
    }
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(map.get().entries());
    if (!map.get().type().isSorted()) {
      entries.sort((x, y) -> Arrays.compareUnsigned(x.getKey(), y.getKey()));
    }
    return flatten(entries);
  }

  private static List<byte[]> range(CallFrame f, GuestMemory m, long[] a) {
    Optional<MapHandle> map = StateAccess.keyed(f, StateAccess.readId(m, a[0]));
    if (map.isEmpty()) {
      return List.of();
    }
    if (!map.get().type().isSorted()) {
      throw new AbiViolationException("mero_map_range on an unsorted " + map.get().type());
    }
    byte[] from = Guest.u32(a[2]) == 0 ? null : StateAccess.key(f, m, a[1], a[2]);
    byte[] to = Guest.u32(a[4]) == 0 ? null : StateAccess.key(f, m, a[3], a[4]);
    long offset = Math.max(0, a[5]);
    long limit = Math.max(0, a[6]);
    int want = (int) Math.min(Integer.MAX_VALUE, offset + limit);
    List<Map.Entry<byte[], byte[]>> hits = map.get().range(from, to, want);
    List<Map.Entry<byte[], byte[]>> page =
        hits.subList((int) Math.min(offset, hits.size()), hits.size());
    if (map.get().type() == CrdtType.SORTED_SET) {
      return page.stream().map(Map.Entry::getKey).toList();
    }
    return flatten(page);
  }

  private static List<byte[]> flatten(List<Map.Entry<byte[], byte[]>> entries) {
    List<byte[]> items = new ArrayList<>(entries.size() * 2);
    for (Map.Entry<byte[], byte[]> e : entries) {
      items.add(e.getKey());
      items.add(e.getValue());
    }
    return items;
  }
}
