package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.dag.DagHistory;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.DeltaSummary;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.UnknownDeltaException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pages through a context's deltas newest first: a walk back from the heads through parents, always
 * taking the delta applied last among those reached, so each page reads only its own deltas and a
 * huge context is never loaded whole. The cursor of the next page is the walk's frontier: the ids
 * reached and not yet listed (as wide as the DAG, one id for a linear history).
 */
final class DeltaHistory {
  /** Most deltas one page lists. */
  static final int MAX_LIMIT = 1000;

  /** Most ids a cursor may carry. */
  static final int MAX_CURSOR_IDS = 4096;

  private final LoadedContext context;
  private final DagHistory dag;
  private final CutState bodies;

  DeltaHistory(LoadedContext context, CutState bodies) {
    this.context = context;
    this.dag = new DagHistory(context.store.storage(), context.id());
    this.bodies = bodies;
  }

  private record Reached(DeltaId id, long seq) {}

  HistoryPage page(int limit, Optional<String> cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentsException("limit must be 1-" + MAX_LIMIT + ", not " + limit);
    }
    List<DeltaId> start =
        cursor.isPresent() ? parseCursor(cursor.get()) : context.underReadLock(context.dag::heads);
    PriorityQueue<Reached> frontier = new PriorityQueue<>((a, b) -> Long.compare(b.seq(), a.seq()));
    Set<DeltaId> queued = new HashSet<>();
    for (DeltaId id : start) {
      Optional<Long> seq = dag.seqOf(id);
      if (seq.isEmpty()) {
        if (cursor.isPresent()) {
          throw new UnknownDeltaException("the cursor names delta " + id + ", not applied here");
        }
        continue; // a head known only from a peer's snapshot: nothing of it is listed
      }
      if (queued.add(id)) {
        frontier.add(new Reached(id, seq.get()));
      }
    }
    List<DeltaSummary> out = new ArrayList<>();
    while (out.size() < limit && !frontier.isEmpty()) {
      Reached next = frontier.poll();
      queued.remove(next.id());
      Delta delta = bodies.body(next.id(), next.seq());
      out.add(summary(delta, next.seq()));
      for (DeltaId parent : delta.parents()) {
        Optional<Long> seq = dag.seqOf(parent);
        if (seq.isPresent() && queued.add(parent)) {
          frontier.add(new Reached(parent, seq.get()));
        }
      }
    }
    Optional<String> next =
        frontier.isEmpty()
            ? Optional.empty()
            : Optional.of(
                frontier.stream()
                    .sorted((a, b) -> Long.compare(b.seq(), a.seq()))
                    .map(r -> r.id().toBase58())
                    .collect(Collectors.joining(",")));
    return new HistoryPage(out, next);
  }

  static DeltaSummary summary(Delta delta, long seq) {
    TreeMap<String, Integer> actions = new TreeMap<>();
    for (Action action : delta.actions()) {
      actions.merge(kind(action), 1, Integer::sum);
    }
    return new DeltaSummary(
        delta.id(),
        seq,
        delta.author(),
        delta.hlc(),
        HybridClock.millisOf(delta.hlc()),
        delta.parents(),
        actions);
  }

  /** The action's kind in lower camel case: put, remove, create, counterSet, textInsert, ... */
  static String kind(Action action) {
    String name = action.getClass().getSimpleName();
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static List<DeltaId> parseCursor(String cursor) {
    String[] parts = cursor.split(",", MAX_CURSOR_IDS + 1);
    if (cursor.isBlank() || parts.length > MAX_CURSOR_IDS) {
      throw new InvalidArgumentsException(
          "a history cursor is 1-" + MAX_CURSOR_IDS + " comma-separated delta ids");
    }
    List<DeltaId> ids = new ArrayList<>(parts.length);
    for (String part : parts) {
      try {
        ids.add(DeltaId.fromBase58(part.strip()));
      } catch (PrimitiveException e) {
        throw new InvalidArgumentsException("the history cursor is malformed: " + e.getMessage());
      }
    }
    return ids;
  }
}
