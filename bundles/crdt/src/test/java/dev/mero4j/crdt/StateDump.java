package dev.mero4j.crdt;

import dev.mero4j.primitives.Hex;
import java.util.ArrayList;
import java.util.List;

/** Renders visible state deterministically: the structural oracle next to the root hash. */
final class StateDump {
  private StateDump() {}

  static String of(ContextState state) {
    StringBuilder out = new StringBuilder();
    dumpMap(state.read(), state.read().root(), out, "");
    return out.toString();
  }

  private static void dumpMap(Transaction tx, MapHandle map, StringBuilder out, String indent) {
    List<String> lines = new ArrayList<>();
    for (byte[] key : map.keys()) {
      EntityId child = map.id().child(key);
      CrdtType type = tx.typeOf(child).orElseThrow();
      StringBuilder line = new StringBuilder(indent + Hex.encode(key) + " " + type + " ");
      switch (type) {
        case LWW_REGISTER -> line.append(Hex.encode(map.get(key).orElseThrow()));
        case G_COUNTER, PN_COUNTER -> line.append(tx.counter(child).value());
        case RGA -> line.append('"').append(tx.text(child).read()).append('"');
        case VECTOR -> {
          VectorHandle v = tx.vector(child);
          for (int i = 0; i < v.size(); i++) {
            line.append(v.get(i).map(Hex::encode).orElse("{}")).append(',');
          }
        }
        default -> {
          StringBuilder nested = new StringBuilder();
          dumpMap(tx, tx.map(child), nested, indent + "  ");
          line.append('\n').append(nested);
        }
      }
      lines.add(line.toString());
    }
    lines.sort(null);
    lines.forEach(l -> out.append(l).append('\n'));
  }
}
