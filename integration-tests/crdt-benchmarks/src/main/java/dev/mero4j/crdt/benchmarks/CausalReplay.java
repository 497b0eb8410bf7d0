package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.testdata.EditingTrace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Replays a concurrent trace with one replica per agent: before each transaction its agent receives
 * the unseen deltas (in trace order) of the causal closure of the transaction's parents; every
 * transaction is committed as a signed delta.
 */
final class CausalReplay {
  private final EditingTrace trace;
  private final boolean verify;

  /** {@code verify} false applies received deltas without checking their signatures. */
  CausalReplay(EditingTrace trace, boolean verify) {
    this.trace = trace;
    this.verify = verify;
  }

  /** Runs the whole trace and returns the text of the first agent's replica. */
  String run() {
    int n = trace.txns().size();
    List<ContextState> replicas = new ArrayList<>();
    List<BitSet> seen = new ArrayList<>();
    for (int a = 0; a < trace.agents(); a++) {
      replicas.add(Fixtures.state(a + 1));
      seen.add(new BitSet(n));
    }
    Transaction g = replicas.get(0).begin();
    TextHandle doc = g.root().text(Fixtures.DOC);
    Delta genesis = g.commit().orElseThrow();
    for (int a = 1; a < replicas.size(); a++) {
      replicas.get(a).apply(genesis);
    }
    Delta[] deltas = new Delta[n];
    for (int i = 0; i < n; i++) {
      EditingTrace.Txn txn = trace.txns().get(i);
      ContextState replica = replicas.get(txn.agent());
      for (int idx : closure(txn.parents(), seen.get(txn.agent()))) {
        if (trace.txns().get(idx).agent() != txn.agent()) {
          receive(replica, deltas[idx]);
        }
      }
      Transaction tx = replica.begin();
      TextHandle text = tx.text(doc.id());
      txn.applyTo(text::insert, text::delete);
      deltas[i] = tx.commit().orElseThrow();
      seen.get(txn.agent()).set(i);
    }
    return replicas.get(0).read().root().text(Fixtures.DOC).read();
  }

  private void receive(ContextState replica, Delta delta) {
    if (verify) {
      replica.apply(delta);
    } else {
      replica.applyVerified(delta);
    }
  }

  private List<Integer> closure(int[] parents, BitSet seen) {
    BitSet found = new BitSet();
    ArrayList<Integer> stack = new ArrayList<>();
    for (int p : parents) {
      stack.add(p);
    }
    while (!stack.isEmpty()) {
      int t = stack.remove(stack.size() - 1);
      if (seen.get(t) || found.get(t)) {
        continue;
      }
      found.set(t);
      for (int p : trace.txns().get(t).parents()) {
        stack.add(p);
      }
    }
    seen.or(found);
    List<Integer> out = new ArrayList<>();
    found.stream().forEach(out::add);
    return out;
  }
}
