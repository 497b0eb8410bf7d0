package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.dag.DagHistory;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.HistoryUnavailableException;
import dev.mero4j.runtime.api.UnknownDeltaException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of a context at a causal cut: delta {@code at} and its ancestors, replayed into a
 * throwaway in-memory {@link ContextState} from the nearest kept snapshot that holds nothing else
 * (or from the empty state). Reads storage only: the live state, the DAG and storage stay as they
 * are.
 *
 * <p>Why a snapshot taken after applying deltas 1..S serves: its state holds exactly the deltas
 * below its heads H. Walking back from {@code at} through deltas applied after S, the walk stops at
 * the first deltas of seq ≤ S it meets (the frontier F). Every delta of the snapshot is an ancestor
 * of {@code at} exactly when H ⊆ F (a head that is an ancestor is met first on any path to it,
 * being maximal in 1..S). The state is then the snapshot plus the walked deltas, applied in their
 * local order, which respects causality.
 */
final class CutState {
  /** Most deltas one rebuild replays: bounded work for any request. */
  static final int MAX_REPLAY = 250_000;

  /**
   * Most applied records read ahead in one range read: the deltas between a kept snapshot and the
   * target (at most one snapshot spacing for recent history) are read in one pass instead of two
   * point lookups per delta. Beyond it the walk looks each delta up.
   */
  static final int MAX_WINDOW = 20_000;

  private final LoadedContext context;
  private final DagHistory dag;
  private final HistoryRecords records;

  CutState(LoadedContext context, HistoryRecords records) {
    this.context = context;
    this.dag = new DagHistory(context.store.storage(), context.id());
    this.records = records;
  }

  /** A walked delta: its local apply order and body. */
  private record Node(long seq, Delta delta) {}

  /**
   * The applied records with seq in {@code (lo, hi]}, read by range and extended downwards as the
   * rebuild tries older snapshots. A delta not in it is looked up one by one (its record may be
   * pruned, or it lies below {@code lo}).
   */
  private final class Window {
    private final Map<DeltaId, Node> byId = new HashMap<>();
    private final long hi;
    private long lo;

    Window(long hi) {
      this.hi = hi;
      this.lo = hi;
    }

    void extendTo(long base) {
      if (base >= lo || hi - base > MAX_WINDOW) {
        return;
      }
      dag.appliedBetween(base, lo, (seq, delta) -> byId.put(delta.id(), new Node(seq, delta)));
      lo = base;
    }

    long seqOf(DeltaId id) {
      Node node = byId.get(id);
      return node != null ? node.seq() : dag.seqOf(id).orElse(0L);
    }

    Node node(DeltaId id) {
      Node node = byId.get(id);
      if (node != null) {
        return node;
      }
      long seq = dag.seqOf(id).orElse(0L);
      return new Node(seq, body(id, seq));
    }
  }

  /**
   * The local apply order of an applied delta.
   *
   * @throws UnknownDeltaException when it is not an applied delta of this context
   * @throws HistoryUnavailableException when it came inside a peer's snapshot
   */
  long seqOf(DeltaId at) {
    Optional<Long> seq = dag.seqOf(at);
    if (seq.isPresent()) {
      return seq.get();
    }
    boolean pending = context.underReadLock(() -> context.dag.isPending(at));
    boolean covered = !pending && context.underReadLock(() -> context.dag.contains(at));
    if (covered) {
      throw new HistoryUnavailableException(
          "delta " + at + " reached this node inside a peer's snapshot: its state is not held");
    }
    throw new UnknownDeltaException(
        pending
            ? "delta " + at + " is waiting for its parents and was not applied yet"
            : "no delta " + at + " in context " + context.id());
  }

  /** The state as it stood right after {@code at} applied. */
  ContextState at(DeltaId at) {
    return cut(Map.of(at, seqOf(at)), at);
  }

  /**
   * The state just before {@code delta} applied: its parents and their ancestors, without it (the
   * empty state for a delta without parents).
   */
  ContextState before(DeltaId delta, List<DeltaId> parents) {
    Map<DeltaId, Long> tips = new HashMap<>();
    for (DeltaId parent : parents) {
      tips.put(parent, seqOf(parent));
    }
    return cut(tips, delta);
  }

  /** The state holding exactly {@code tips} (id → local apply order) and their ancestors. */
  private ContextState cut(Map<DeltaId, Long> tips, DeltaId about) {
    long targetSeq = tips.values().stream().mapToLong(Long::longValue).max().orElse(0L);
    List<Long> candidates = new ArrayList<>();
    for (long seq : records.seqs(context.id())) {
      if (seq <= targetSeq) {
        candidates.add(0, seq);
      }
    }
    candidates.add(0L);
    Map<DeltaId, Node> walked = new HashMap<>();
    Map<DeltaId, Long> stopped = new HashMap<>(tips);
    Window window = new Window(targetSeq);
    for (long base : candidates) {
      window.extendTo(base);
      walk(walked, stopped, base, window);
      Optional<ContextState> state = tryBase(base, walked, stopped.keySet());
      if (state.isPresent()) {
        return state.get();
      }
    }
    throw new HistoryUnavailableException(
        "the deltas before "
            + about
            + " include some this node only holds inside a peer's snapshot");
  }

  /** Expands every stopped delta applied after {@code base}, stopping at those at or before it. */
  private void walk(
      Map<DeltaId, Node> walked, Map<DeltaId, Long> stopped, long base, Window window) {
    ArrayDeque<DeltaId> work = new ArrayDeque<>();
    stopped.entrySet().removeIf(e -> e.getValue() > base && work.add(e.getKey()));
    while (!work.isEmpty()) {
      DeltaId id = work.poll();
      if (walked.containsKey(id)) {
        continue;
      }
      Node node = window.node(id);
      Delta delta = node.delta();
      walked.put(id, node);
      if (walked.size() > MAX_REPLAY) {
        throw new ExecutionLimitException(
            "the state at this delta needs more than " + MAX_REPLAY + " deltas replayed");
      }
      for (DeltaId parent : delta.parents()) {
        if (walked.containsKey(parent) || stopped.containsKey(parent)) {
          continue;
        }
        long parentSeq = window.seqOf(parent);
        if (parentSeq > base) {
          work.add(parent);
        } else {
          stopped.put(parent, parentSeq);
        }
      }
    }
  }

  private Optional<ContextState> tryBase(
      long base, Map<DeltaId, Node> walked, Set<DeltaId> frontier) {
    ContextState state;
    if (base == 0) {
      if (!frontier.isEmpty()) {
        return Optional.empty();
      }
      state =
          ContextState.create(context.record.member().signingKey(), new HybridClock(context.clock));
    } else {
      Optional<List<DeltaId>> heads = records.heads(context.id(), base);
      Optional<byte[]> snapshot = records.snapshot(context.id(), base);
      if (heads.isEmpty()
          || snapshot.isEmpty()
          || !frontier.containsAll(new HashSet<>(heads.get()))) {
        return Optional.empty();
      }
      try {
        state =
            ContextState.importSnapshot(
                snapshot.get(),
                context.record.member().signingKey(),
                new HybridClock(context.clock));
      } catch (CrdtException e) {
        throw new HistoryUnavailableException("the kept snapshot at " + base + " does not decode");
      }
    }
    List<Node> replay = new ArrayList<>(walked.values());
    replay.sort(Comparator.comparingLong(Node::seq));
    try {
      for (Node node : replay) {
        state.applyVerified(node.delta());
      }
    } catch (CrdtException e) {
      throw new HistoryUnavailableException("a stored delta does not replay: " + e.getMessage());
    }
    return Optional.of(state);
  }

  /**
   * The body of an applied delta: its DAG record while not pruned, else its stored envelope.
   *
   * @throws HistoryUnavailableException when neither holds it
   */
  Delta body(DeltaId id, long seq) {
    if (seq > 0) {
      Optional<Delta> applied = dag.applied(seq).filter(d -> d.id().equals(id));
      if (applied.isPresent()) {
        return applied.get();
      }
    }
    Optional<byte[]> stored = context.store.envelope(context.id(), id);
    if (stored.isEmpty()) {
      throw new HistoryUnavailableException(
          "delta " + id + " is not stored on this node (it came inside a peer's snapshot)");
    }
    try {
      return DeltaEnvelope.decodeStored(context.governance.openStored(stored.get()), context.id())
          .delta();
    } catch (RuntimeException e) {
      throw new HistoryUnavailableException(
          "the stored envelope of delta " + id + " does not open: " + e.getMessage());
    }
  }
}
