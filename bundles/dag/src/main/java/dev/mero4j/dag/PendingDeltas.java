package dev.mero4j.dag;

import dev.mero4j.crdt.Delta;
import dev.mero4j.dag.internal.DagStore;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.WriteBatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deltas of one {@link CausalDag} waiting for parents: a bounded buffer, oldest evicted first,
 * indexed by the parents each one waits on, and kept in step with the pending records of its {@link
 * DagStore}. Not thread-safe, like the DAG that owns it.
 */
final class PendingDeltas {
  private static final System.Logger LOG = System.getLogger(CausalDag.class.getName());

  private final DagStore store;
  private final int maxPending;
  private final LinkedHashMap<DeltaId, Delta> pending = new LinkedHashMap<>();
  private final Map<DeltaId, Set<DeltaId>> waitingOn = new HashMap<>();
  private long evicted;

  PendingDeltas(DagStore store, int maxPending) {
    this.store = store;
    this.maxPending = maxPending;
  }

  boolean contains(DeltaId id) {
    return pending.containsKey(id);
  }

  Delta get(DeltaId id) {
    return pending.get(id);
  }

  int size() {
    return pending.size();
  }

  /** The deltas waiting, oldest first. */
  List<DeltaId> ids() {
    return List.copyOf(pending.keySet());
  }

  /** Pending deltas dropped because the buffer was full. */
  long evictedCount() {
    return evicted;
  }

  /** Parents that waiting deltas need and that are neither {@code known} nor waiting themselves. */
  List<DeltaId> missingParents(Set<DeltaId> known, int limit) {
    TreeSet<DeltaId> missing = new TreeSet<>();
    for (Delta d : pending.values()) {
      for (DeltaId p : d.parents()) {
        if (!known.contains(p) && !pending.containsKey(p)) {
          missing.add(p);
        }
      }
    }
    return missing.stream().limit(limit).toList();
  }

  /**
   * Drops a waiting delta and its stored record.
   *
   * @return whether it was waiting
   */
  boolean drop(DeltaId id) {
    Delta dropped = pending.remove(id);
    if (dropped == null) {
      return false;
    }
    for (DeltaId p : dropped.parents()) {
      Set<DeltaId> waiting = waitingOn.get(p);
      if (waiting != null && waiting.remove(id) && waiting.isEmpty()) {
        waitingOn.remove(p);
      }
    }
    store.deletePending(id);
    return true;
  }

  /** The deltas that waited on {@code parent}, no longer indexed under it (null: none). */
  Set<DeltaId> releasedBy(DeltaId parent) {
    return waitingOn.remove(parent);
  }

  /** Takes a released delta out of the buffer (its stored record is the caller's to delete). */
  void remove(DeltaId id) {
    pending.remove(id);
  }

  /**
   * Buffers a delta whose parents are missing; with {@code persist} non-null, stores it in that
   * batch, so it and the caller's records of it land together.
   */
  void add(Delta delta, Set<DeltaId> missing, WriteBatch persist) {
    while (pending.size() >= maxPending) {
      DeltaId victim = pending.keySet().iterator().next();
      drop(victim);
      evicted++;
      LOG.log(System.Logger.Level.DEBUG, "pending buffer full, evicted {0}", victim);
    }
    pending.put(delta.id(), delta);
    for (DeltaId p : missing) {
      waitingOn.computeIfAbsent(p, k -> new HashSet<>()).add(delta.id());
    }
    if (persist != null) {
      store.putPending(delta, persist);
    }
  }
}
