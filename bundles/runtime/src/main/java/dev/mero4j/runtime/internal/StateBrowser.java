package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.EntryInspector;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.crdt.VectorHandle;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hex;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.runtime.api.UnknownPathException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The state browser: one page of the entries of a collection, with the metadata the CRDT keeps per
 * entry. Reads through a read-only transaction, so it never changes the state it is given.
 *
 * <p>Cursors are opaque: base64url of a kind byte ({@code k}: the last key listed, {@code i}: the
 * next vector index) and its payload. Keyed collections page in unsigned key order.
 */
final class StateBrowser {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** Longest value text shown; longer values end in an ellipsis. */
  static final int MAX_VALUE_CHARS = 4096;

  /** Most nested entries counted for the sizes of one page: bounded work on a huge state. */
  static final long MAX_COUNTED = 2_000_000;

  private static final int MAX_CURSOR_CHARS = 1024;
  private static final int MAX_SEGMENTS = 16;
  private static final byte KEYED = 'k';
  private static final byte INDEXED = 'i';

  private StateBrowser() {}

  static StatePage page(
      ContextId context,
      Optional<DeltaId> at,
      ContextState state,
      String path,
      int limit,
      Optional<String> cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentsException("limit must be 1-" + MAX_LIMIT + ", not " + limit);
    }
    Transaction tx = state.read();
    EntityId root = tx.root().id();
    EntityId target = resolve(tx, root, path);
    CrdtType type = target.equals(root) ? CrdtType.UNORDERED_MAP : tx.typeOf(target).orElseThrow();
    List<StatePage.Entry> entries = new ArrayList<>();
    Optional<String> next = Optional.empty();
    long[] counted = {0};
    if (type.isKeyed()) {
      byte[] after = cursor.map(c -> decode(c, KEYED)).orElse(null);
      List<EntryInspector.Meta> metas = EntryInspector.children(tx, target, after, limit + 1);
      boolean rootLevel = target.equals(root);
      for (EntryInspector.Meta meta : metas.subList(0, Math.min(limit, metas.size()))) {
        if (!(rootLevel && meta.deleted())) {
          entries.add(entry(tx, meta, StateDiffer.text(meta.key()), counted));
        }
      }
      if (metas.size() > limit) {
        next = Optional.of(encode(KEYED, metas.get(limit - 1).key()));
      }
    } else if (type == CrdtType.VECTOR) {
      VectorHandle vector = tx.vector(target);
      int from = cursor.map(c -> index(decode(c, INDEXED))).orElse(0);
      int end = (int) Math.min((long) from + limit, vector.size());
      for (int i = from; i < end; i++) {
        EntityId element = target.child(vector.elementAt(i).toKey());
        EntryInspector.Meta meta = EntryInspector.meta(tx, element).orElseThrow();
        entries.add(entry(tx, meta, Integer.toString(i), counted));
      }
      if (end < vector.size()) {
        next = Optional.of(encode(INDEXED, ByteBuffer.allocate(4).putInt(end).array()));
      }
    } else {
      if (cursor.isPresent()) {
        throw new InvalidArgumentsException("a " + type + " has one entry: no cursor applies");
      }
      entries.add(entry(tx, EntryInspector.meta(tx, target).orElseThrow(), "", counted));
    }
    Optional<String> shownType = target.equals(root) ? Optional.empty() : Optional.of(type.name());
    return new StatePage(context, at, path, shownType, entries, next);
  }

  /** The visible entity at {@code path} (keys joined by {@code /}; vector elements by index). */
  private static EntityId resolve(Transaction tx, EntityId root, String path) {
    if (path.isEmpty()) {
      return root;
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_SEGMENTS) {
      throw new InvalidArgumentsException("path has more than " + MAX_SEGMENTS + " segments");
    }
    EntityId current = root;
    CrdtType type = CrdtType.UNORDERED_MAP;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      String shown = String.join("/", java.util.Arrays.copyOf(segments, i + 1));
      if (segment.isEmpty()) {
        throw new InvalidArgumentsException("path '" + path + "' has an empty segment");
      }
      Optional<EntityId> child = Optional.empty();
      EntityId parent = current;
      if (type.isKeyed()) {
        child = visible(tx, parent.child(segment.getBytes(StandardCharsets.UTF_8)));
        if (child.isEmpty() && segment.startsWith("0x")) {
          child = hex(segment.substring(2)).flatMap(k -> visible(tx, parent.child(k)));
        }
      } else if (type == CrdtType.VECTOR) {
        child = element(tx, current, segment);
      }
      if (child.isEmpty()) {
        throw new UnknownPathException("no collection or entry at '" + shown + "'");
      }
      current = child.get();
      type = tx.typeOf(current).orElseThrow();
    }
    return current;
  }

  private static Optional<EntityId> visible(Transaction tx, EntityId id) {
    return tx.typeOf(id).isPresent() ? Optional.of(id) : Optional.empty();
  }

  private static Optional<EntityId> element(Transaction tx, EntityId vector, String segment) {
    VectorHandle v = tx.vector(vector);
    try {
      int index = Integer.parseInt(segment);
      return index < 0 || index >= v.size()
          ? Optional.empty()
          : visible(tx, vector.child(v.elementAt(index).toKey()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<byte[]> hex(String text) {
    try {
      return Optional.of(Hex.decode(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static StatePage.Entry entry(
      Transaction tx, EntryInspector.Meta meta, String key, long[] counted) {
    CrdtType type = meta.type();
    Optional<String> value = Optional.empty();
    OptionalInt size = OptionalInt.empty();
    switch (type) {
      case LWW_REGISTER -> value = Optional.of(clip(StateDiffer.text(meta.value())));
      case G_COUNTER, PN_COUNTER ->
          value = Optional.of(Long.toString(tx.counter(meta.id()).value()));
      case RGA -> {
        String text = tx.text(meta.id()).read();
        value = Optional.of(clip(text));
        size = OptionalInt.of(text.codePointCount(0, text.length()));
      }
      case VECTOR -> size = OptionalInt.of(tx.vector(meta.id()).size());
      case NONE -> {}
      default -> {
        int n = EntryInspector.visibleChildren(tx, meta.id());
        counted[0] += n;
        if (counted[0] > MAX_COUNTED) {
          throw new ExecutionLimitException(
              "this page's collections hold more than "
                  + MAX_COUNTED
                  + " entries to count: ask for a smaller limit");
        }
        size = OptionalInt.of(n);
      }
    }
    return new StatePage.Entry(
        key,
        type.name(),
        value,
        meta.author(),
        meta.hlc() == 0 ? Optional.empty() : Optional.of(Long.toUnsignedString(meta.hlc())),
        meta.deleted(),
        size);
  }

  private static String clip(String text) {
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "…";
  }

  private static String encode(byte kind, byte[] payload) {
    byte[] bytes = new byte[payload.length + 1];
    bytes[0] = kind;
    System.arraycopy(payload, 0, bytes, 1, payload.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] decode(String cursor, byte kind) {
    byte[] bytes;
    try {
      bytes = cursor.length() > MAX_CURSOR_CHARS ? null : Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes == null || bytes.length == 0 || bytes[0] != kind) {
      throw new InvalidArgumentsException(
          "malformed cursor: pass the nextCursor of the previous page of the same path");
    }
    return java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
  }

  private static int index(byte[] payload) {
    int index = payload.length == 4 ? ByteBuffer.wrap(payload).getInt() : -1;
    if (index < 0) {
      throw new InvalidArgumentsException(
          "malformed cursor: pass the nextCursor of the previous page of the same path");
    }
    return index;
  }
}
