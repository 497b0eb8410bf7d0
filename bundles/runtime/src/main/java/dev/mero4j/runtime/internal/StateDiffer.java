package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.crdt.VectorHandle;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hex;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.StateDiff;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two states collection by collection (the root's fields). Each collection is flattened to
 * entries {@code key → value}: a map's registers by key, nested collections as {@code outer/inner}
 * paths, a counter or text as the single entry {@code ""}, a vector by index.
 */
final class StateDiffer {
  /** Most entries flattened from one state: bounded work on a huge state. */
  static final int MAX_ENTRIES = 500_000;

  /** Deepest nesting followed. */
  private static final int MAX_DEPTH = 16;

  private StateDiffer() {}

  static StateDiff diff(
      DeltaId from, ContextState before, DeltaId to, ContextState after, int limit) {
    Map<String, Map<String, String>> a = flatten(before);
    Map<String, Map<String, String>> b = flatten(after);
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    Map<String, StateDiff.CollectionDiff> out = new TreeMap<>();
    int listed = 0;
    boolean truncated = false;
    for (String name : names) {
      Map<String, String> x = a.getOrDefault(name, Map.of());
      Map<String, String> y = b.getOrDefault(name, Map.of());
      List<StateDiff.Entry> added = new ArrayList<>();
      List<StateDiff.Entry> removed = new ArrayList<>();
      List<StateDiff.Change> changed = new ArrayList<>();
      TreeSet<String> keys = new TreeSet<>(x.keySet());
      keys.addAll(y.keySet());
      for (String key : keys) {
        String old = x.get(key);
        String now = y.get(key);
        if (Objects.equals(old, now)) {
          continue;
        }
        if (listed == limit) {
          truncated = true;
          break;
        }
        listed++;
        if (old == null) {
          added.add(new StateDiff.Entry(key, now));
        } else if (now == null) {
          removed.add(new StateDiff.Entry(key, old));
        } else {
          changed.add(new StateDiff.Change(key, old, now));
        }
      }
      if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
        out.put(name, new StateDiff.CollectionDiff(added, removed, changed));
      }
      if (truncated) {
        break;
      }
    }
    return new StateDiff(from, to, out, truncated);
  }

  /** Every collection of the state, flattened. */
  static Map<String, Map<String, String>> flatten(ContextState state) {
    Transaction tx = state.read();
    MapHandle root = tx.root();
    Map<String, Map<String, String>> out = new TreeMap<>();
    int[] budget = {MAX_ENTRIES};
    for (byte[] field : root.keys()) {
      Map<String, String> entries = new TreeMap<>();
      EntityId id = root.id().child(field);
      CrdtType type = tx.typeOf(id).orElse(CrdtType.NONE);
      if (type == CrdtType.LWW_REGISTER) {
        entries.put("", text(root.get(field).orElse(new byte[0])));
      } else {
        collect(tx, id, type, "", entries, budget, 0);
      }
      out.put(text(field), entries);
    }
    return out;
  }

  private static void collect(
      Transaction tx,
      EntityId id,
      CrdtType type,
      String path,
      Map<String, String> out,
      int[] budget,
      int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    switch (type) {
      case G_COUNTER, PN_COUNTER -> put(out, path, Long.toString(tx.counter(id).value()), budget);
      case RGA -> put(out, path, tx.text(id).read(), budget);
      case VECTOR -> {
        VectorHandle v = tx.vector(id);
        for (int i = 0; i < v.size(); i++) {
          put(
              out,
              join(path, Integer.toString(i)),
              v.get(i).map(StateDiffer::text).orElse("{…}"),
              budget);
        }
      }
      case NONE -> {}
      default -> {
        MapHandle map = tx.map(id);
        for (byte[] key : map.keys()) {
          EntityId child = id.child(key);
          CrdtType childType = tx.typeOf(child).orElse(CrdtType.NONE);
          String childPath = join(path, text(key));
          if (childType == CrdtType.LWW_REGISTER) {
            put(out, childPath, text(map.get(key).orElse(new byte[0])), budget);
          } else {
            collect(tx, child, childType, childPath, out, budget, depth + 1);
          }
        }
      }
    }
  }

  private static void put(Map<String, String> out, String key, String value, int[] budget) {
    if (--budget[0] < 0) {
      throw new ExecutionLimitException(
          "the state holds more than " + MAX_ENTRIES + " entries: too large to compare");
    }
    out.put(key, value);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  /** UTF-8 when the bytes decode, else {@code 0x} and hex. */
  static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return "0x" + Hex.encode(bytes);
    }
  }
}
