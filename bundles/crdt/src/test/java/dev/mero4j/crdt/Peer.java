package dev.mero4j.crdt;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** A test replica with a minimal causal inbox (the real one lives in the DAG bundle). */
final class Peer {
  final KeyPair key;
  final ContextState state;
  final Set<DeltaId> applied = new HashSet<>();
  private final List<Delta> waiting = new ArrayList<>();
  private final List<Delta> history = new ArrayList<>();

  Peer(int seed, ManualClock clock) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    s[1] = (byte) (seed >>> 8);
    s[31] = 7;
    this.key = KeyPair.fromSeed(s);
    this.state = ContextState.create(key, new HybridClock(clock));
  }

  /** Runs {@code body} in a transaction and returns its delta (null if nothing changed). */
  Delta commit(Consumer<Transaction> body) {
    Transaction tx = state.begin();
    body.accept(tx);
    Delta delta = tx.commit().orElse(null);
    if (delta != null) {
      applied.add(delta.id());
      history.add(delta);
    }
    return delta;
  }

  /** Delivers a delta in any order; duplicates are ignored, early ones wait for their parents. */
  void receive(Delta delta) {
    if (applied.contains(delta.id())) {
      return;
    }
    waiting.add(delta);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Iterator<Delta> it = waiting.iterator(); it.hasNext(); ) {
        Delta d = it.next();
        if (applied.contains(d.id())) {
          it.remove();
        } else if (applied.containsAll(d.parents())) {
          it.remove();
          state.apply(d);
          applied.add(d.id());
          history.add(d);
          progress = true;
        }
      }
    }
  }

  /** Every delta this peer applied, own and received, in causal order. */
  List<Delta> history() {
    return List.copyOf(history);
  }

  int waiting() {
    return waiting.size();
  }

  /** A readable dump of the visible state, for equality checks beyond the root hash. */
  String dump() {
    return StateDump.of(state);
  }
}
