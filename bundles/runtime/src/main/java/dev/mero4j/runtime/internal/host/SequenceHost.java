package dev.mero4j.runtime.internal.host;

import static dev.mero4j.runtime.internal.host.Guest.NONE;
import static dev.mero4j.runtime.internal.host.Guest.VOID;
import static dev.mero4j.runtime.internal.host.Guest.sig;

import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.VectorHandle;
import dev.mero4j.wasm.api.HostImport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Host functions of ordered sequences: vectors and RGA text. */
final class SequenceHost {
  private SequenceHost() {}

  static List<HostImport> imports(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_vector_len",
            sig("i"),
            sig("I"),
            (m, a) ->
                Guest.i64(
                    StateAccess.vector(ref.get(), StateAccess.readId(m, a[0]))
                        .map(VectorHandle::size)
                        .orElse(0))),
        HostImport.of(
            "env",
            "mero_vector_get",
            sig("iII"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              Optional<byte[]> value =
                  StateAccess.vector(f, StateAccess.readId(m, a[0]))
                      .flatMap(v -> v.get(index(a[1])));
              value.ifPresent(v -> f.setRegister(a[2], v));
              return Guest.i32(value.isPresent());
            }),
        HostImport.of(
            "env",
            "mero_vector_insert",
            sig("iIii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_vector_insert");
              vector(f, StateAccess.readId(m, a[0]))
                  .insert(index(a[1]), StateAccess.value(f, m, a[2], a[3]));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_vector_set",
            sig("iIii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_vector_set");
              vector(f, StateAccess.readId(m, a[0]))
                  .set(index(a[1]), StateAccess.value(f, m, a[2], a[3]));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_vector_remove",
            sig("iII"),
            sig("i"),
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_vector_remove");
              VectorHandle vector = vector(f, StateAccess.readId(m, a[0]));
              int index = index(a[1]);
              if (index >= vector.size()) {
                return Guest.i32(false);
              }
              vector.get(index).ifPresent(v -> f.setRegister(a[2], v));
              vector.remove(index);
              return Guest.i32(true);
            }),
        HostImport.of(
            "env",
            "mero_vector_child",
            sig("iIii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              if (a[2] != StateAccess.MAP) {
                throw new AbiViolationException(
                    "vectors hold nested maps only (kind 1), not kind " + a[2]);
              }
              VectorHandle vector = vector(f, StateAccess.readId(m, a[0]));
              int index = index(a[1]);
              EntityId child;
              if (index == vector.size()) {
                f.requireWritable("mero_vector_child");
                child = vector.insertMap(index).id();
              } else {
                child = vector.mapAt(index).id();
              }
              StateAccess.writeId(m, a[3], child);
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_text_insert",
            sig("iIii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_text_insert");
              text(f, StateAccess.readId(m, a[0]))
                  .insert(
                      index(a[1]), Guest.utf8(m, a[2], a[3], f.limits().maxValueBytes(), "text"));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_text_delete",
            sig("iII"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.requireWritable("mero_text_delete");
              text(f, StateAccess.readId(m, a[0])).delete(index(a[1]), index(a[2]));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_text_len",
            sig("i"),
            sig("I"),
            (m, a) ->
                Guest.i64(
                    StateAccess.text(ref.get(), StateAccess.readId(m, a[0]))
                        .map(TextHandle::length)
                        .orElse(0))),
        HostImport.of(
            "env",
            "mero_text_read",
            sig("iI"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              String text =
                  StateAccess.text(f, StateAccess.readId(m, a[0])).map(TextHandle::read).orElse("");
              f.setRegister(a[1], text.getBytes(StandardCharsets.UTF_8));
              return VOID;
            }));
  }

  private static int index(long value) {
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new AbiViolationException("index or count " + value + " out of range");
    }
    return (int) value;
  }

  private static VectorHandle vector(CallFrame f, EntityId id) {
    return StateAccess.vector(f, id)
        .orElseThrow(() -> new AbiViolationException("no vector at that handle"));
  }

  private static TextHandle text(CallFrame f, EntityId id) {
    return StateAccess.text(f, id)
        .orElseThrow(() -> new AbiViolationException("no text at that handle"));
  }
}
