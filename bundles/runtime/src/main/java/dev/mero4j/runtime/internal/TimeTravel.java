package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.ReadOnlyRequiredException;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.StatePage;
import java.util.List;
import java.util.Optional;

/**
 * Looking back at one context: read-only calls against the state at a delta, the history of its
 * deltas and the difference between two cuts. Nothing here takes the context's write lock or writes
 * storage; each past state is rebuilt in memory and dropped after use.
 */
final class TimeTravel {
  /** Most changes one diff lists. */
  static final int MAX_DIFF_LIMIT = 10_000;

  private final LoadedContext context;
  private final CutState cuts;
  private final DeltaHistory history;

  TimeTravel(LoadedContext context) {
    this.context = context;
    this.cuts = new CutState(context, context.history);
    this.history = new DeltaHistory(context, cuts);
  }

  ExecutionResult execute(
      LocalExecutor executor, AppAbi.Method method, DeltaId at, byte[] args, PublicKey member) {
    if (!method.readOnly()) {
      throw new ReadOnlyRequiredException(
          "method '"
              + method.name()
              + "' writes: only read-only methods run against a past state ('at')");
    }
    return executor.readFrom(cuts.at(at), method.name(), args, member);
  }

  HistoryPage history(int limit, Optional<String> cursor) {
    return history.page(limit, cursor);
  }

  StateDiff diff(DeltaId from, DeltaId to, int limit) {
    checkDiffLimit(limit);
    // Both ids are checked before either state is rebuilt.
    cuts.seqOf(from);
    cuts.seqOf(to);
    ContextState before = cuts.at(from);
    ContextState after = cuts.at(to);
    return StateDiffer.diff(from, before, to, after, limit);
  }

  /**
   * What {@code delta} changed: the state before it (its parents' past) against the state at it.
   */
  DeltaDiff deltaDiff(DeltaId delta, int limit) {
    checkDiffLimit(limit);
    long seq = cuts.seqOf(delta);
    List<DeltaId> parents = cuts.body(delta, seq).parents();
    ContextState before = cuts.before(delta, parents);
    ContextState after = cuts.at(delta);
    return new DeltaDiff(delta, parents, StateDiffer.diff(null, before, delta, after, limit));
  }

  /**
   * A page of the state browser: the live state under the read lock when {@code at} is empty, else
   * the state rebuilt at that delta.
   */
  StatePage state(Optional<DeltaId> at, String path, int limit, Optional<String> cursor) {
    if (at.isPresent()) {
      ContextState past = cuts.at(at.get());
      return StateBrowser.page(context.id(), at, past, path, limit, cursor);
    }
    return context.underReadLock(
        () -> StateBrowser.page(context.id(), at, context.dag.state(), path, limit, cursor));
  }

  private static void checkDiffLimit(int limit) {
    if (limit < 1 || limit > MAX_DIFF_LIMIT) {
      throw new InvalidArgumentsException("limit must be 1-" + MAX_DIFF_LIMIT + ", not " + limit);
    }
  }

  /** The state at {@code at}, for callers that inspect it directly (the console, benchmarks). */
  ContextState stateAt(DeltaId at) {
    return cuts.at(at);
  }
}
