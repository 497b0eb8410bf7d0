package dev.mero4j.runtime.internal.host;

import dev.mero4j.crdt.CounterHandle;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.VectorHandle;
import dev.mero4j.wasm.api.GuestMemory;
import java.util.Optional;

/**
 * Resolves the 32-byte handles guests pass to collections of the call's transaction. A handle of a
 * collection that does not exist yet (read in a read-only method before anything wrote it) reads as
 * empty; a handle of the wrong kind traps.
 */
final class StateAccess {
  static final int MAP = 1;
  static final int SET = 2;
  static final int VECTOR = 3;
  static final int G_COUNTER = 4;
  static final int PN_COUNTER = 5;
  static final int REGISTER = 6;
  static final int TEXT = 7;
  static final int SORTED_MAP = 8;
  static final int SORTED_SET = 9;
  static final int USER_STORAGE = 10;
  static final int FROZEN_STORAGE = 11;

  private static final CrdtType[] TYPES = {
    null,
    CrdtType.UNORDERED_MAP,
    CrdtType.UNORDERED_SET,
    CrdtType.VECTOR,
    CrdtType.G_COUNTER,
    CrdtType.PN_COUNTER,
    CrdtType.LWW_REGISTER,
    CrdtType.RGA,
    CrdtType.SORTED_MAP,
    CrdtType.SORTED_SET,
    CrdtType.USER_STORAGE,
    CrdtType.FROZEN_STORAGE
  };

  private StateAccess() {}

  static CrdtType type(int kind) {
    if (kind < 1 || kind >= TYPES.length) {
      throw new AbiViolationException("unknown collection kind " + kind);
    }
    return TYPES[kind];
  }

  static EntityId readId(GuestMemory memory, long ptr) {
    return EntityId.of(memory.read(Guest.u32(ptr), EntityId.LENGTH));
  }

  static void writeId(GuestMemory memory, long ptr, EntityId id) {
    memory.write(Guest.u32(ptr), id.toBytes());
  }

  /**
   * The field {@code key} of map {@code parent} as a collection of {@code kind}, created on first
   * use.
   */
  static EntityId field(CallFrame f, MapHandle parent, byte[] key, int kind) {
    CrdtType wanted = type(kind);
    EntityId id = parent.id().child(key);
    if (kind == REGISTER || kind == USER_STORAGE || kind == FROZEN_STORAGE) {
      f.rememberField(id, new CallFrame.FieldRef(parent.id(), key.clone()));
    }
    Optional<CrdtType> existing = f.tx().typeOf(id);
    if (existing.isPresent()) {
      if (existing.get() != wanted) {
        throw new AbiViolationException("field holds a " + existing.get() + ", not a " + wanted);
      }
      return id;
    }
    if (f.readOnly() || kind == REGISTER) {
      return id;
    }
    return create(parent, key, kind);
  }

  private static EntityId create(MapHandle parent, byte[] key, int kind) {
    return switch (kind) {
      case MAP -> parent.map(key).id();
      case SET -> parent.set(key).id();
      case VECTOR -> parent.vector(key).id();
      case G_COUNTER -> parent.gCounter(key).id();
      case PN_COUNTER -> parent.pnCounter(key).id();
      case TEXT -> parent.text(key).id();
      case SORTED_MAP -> parent.sortedMap(key).id();
      case SORTED_SET -> parent.sortedSet(key).id();
      case USER_STORAGE -> parent.userStorage(key).id();
      case FROZEN_STORAGE -> parent.frozenStorage(key).id();
      default -> throw new AbiViolationException("kind " + kind + " is not a collection");
    };
  }

  /** The keyed collection {@code id}, or empty while it does not exist. */
  static Optional<MapHandle> keyed(CallFrame f, EntityId id) {
    return typed(f, id, "a map or set")
        .map(
            type -> {
              if (!type.isKeyed()) {
                throw new AbiViolationException("handle is a " + type + ", not a map or set");
              }
              return f.tx().map(id);
            });
  }

  static Optional<VectorHandle> vector(CallFrame f, EntityId id) {
    return typed(f, id, CrdtType.VECTOR).map(t -> f.tx().vector(id));
  }

  static Optional<CounterHandle> counter(CallFrame f, EntityId id) {
    return typed(f, id, "a counter")
        .map(
            type -> {
              if (type != CrdtType.G_COUNTER && type != CrdtType.PN_COUNTER) {
                throw new AbiViolationException("handle is a " + type + ", not a counter");
              }
              return f.tx().counter(id);
            });
  }

  static Optional<TextHandle> text(CallFrame f, EntityId id) {
    return typed(f, id, CrdtType.RGA).map(t -> f.tx().text(id));
  }

  private static Optional<CrdtType> typed(CallFrame f, EntityId id, Object expected) {
    Optional<CrdtType> type = f.tx().typeOf(id);
    if (type.isPresent() && expected instanceof CrdtType && type.get() != expected) {
      throw new AbiViolationException("handle is a " + type.get() + ", not a " + expected);
    }
    return type;
  }

  /** Checks a key against the per-call key limit. */
  static byte[] key(CallFrame f, GuestMemory m, long ptr, long len) {
    return Guest.bytes(m, ptr, len, f.limits().maxKeyBytes(), "key");
  }

  static byte[] value(CallFrame f, GuestMemory m, long ptr, long len) {
    return Guest.bytes(m, ptr, len, f.limits().maxValueBytes(), "value");
  }
}
