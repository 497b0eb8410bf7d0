package dev.mero4j.node.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.server.DagReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The dashboard's reads of a context's DAG, from the node's loaded replicas. */
final class NodeDagReader implements DagReader {
  /** Action lines listed per delta; a delta may carry thousands. */
  static final int MAX_ACTION_LINES = 50;

  /** Bytes of a key or value shown in an action line. */
  private static final int PREVIEW_BYTES = 48;

  private final ContextManager contexts;

  NodeDagReader(ContextManager contexts) {
    this.contexts = contexts;
  }

  @Override
  public DagPage recent(ContextId context, int limit) {
    ContextReplica replica = contexts.replica(context);
    List<DagDelta> applied = summaries(replica, replica.recentDeltas(limit), false);
    List<DagDelta> pending = summaries(replica, replica.pendingDeltas(limit), true);
    return new DagPage(
        replica.heads(), applied, pending, replica.pendingCount(), replica.missingParents(limit));
  }

  @Override
  public Optional<DeltaDetail> delta(ContextId context, DeltaId id) {
    ContextReplica replica = contexts.replica(context);
    return replica
        .delta(id)
        .map(
            d -> {
              List<String> lines = new ArrayList<>();
              for (Action action : d.actions()) {
                if (lines.size() == MAX_ACTION_LINES) {
                  break;
                }
                lines.add(describe(action));
              }
              boolean pending = replica.pendingDeltas(Integer.MAX_VALUE).contains(id);
              return new DeltaDetail(summary(d, pending), d.lamport(), lines, d.actions().size());
            });
  }

  private static List<DagDelta> summaries(
      ContextReplica replica, List<DeltaId> ids, boolean pending) {
    List<DagDelta> out = new ArrayList<>(ids.size());
    for (DeltaId id : ids) {
      replica.delta(id).ifPresent(d -> out.add(summary(d, pending)));
    }
    return out;
  }

  private static DagDelta summary(Delta d, boolean pending) {
    return new DagDelta(d.id(), d.author(), d.hlc(), d.parents(), d.actions().size(), pending);
  }

  /** One line: the action's kind, its target entity (short) and a preview of key and value. */
  static String describe(Action action) {
    String target = action.target().toHex().substring(0, 12);
    String kind = action.getClass().getSimpleName();
    if (action instanceof Action.Put put) {
      return kind + " " + target + " " + preview(put.key()) + " = " + preview(put.value());
    }
    if (action instanceof Action.Remove remove) {
      return kind + " " + target + " " + preview(remove.key());
    }
    if (action instanceof Action.Create create) {
      return kind + " " + target + " " + preview(create.key()) + " : " + create.type();
    }
    if (action instanceof Action.CounterSet counter) {
      return kind + " " + target + " +" + counter.positive() + " -" + counter.negative();
    }
    if (action instanceof Action.TextInsert insert) {
      String text = insert.text();
      return kind
          + " "
          + target
          + " \""
          + (text.length() > 48 ? text.substring(0, 48) + "…" : text)
          + "\"";
    }
    return kind + " " + target;
  }

  /** Printable UTF-8 as a quoted string, anything else as hex; both cut at 48 bytes. */
  static String preview(byte[] bytes) {
    int n = Math.min(bytes.length, PREVIEW_BYTES);
    String more = bytes.length > n ? "… (" + bytes.length + " bytes)" : "";
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes, 0, n))
              .toString();
      if (text.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
        return "\"" + text + "\"" + more;
      }
    } catch (CharacterCodingException e) {
      // not text: shown as hex below
    }
    return "0x" + HexFormat.of().formatHex(bytes, 0, n) + more;
  }
}
