package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.runtime.SignedBatches;
import dev.mero4j.testdata.EditingTrace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Replays a concurrent trace with one replica per agent: before each transaction its agent receives
 * the unseen deltas (in trace order) of the causal closure of the transaction's parents; every
 * transaction is committed unsigned and signed as its own batch into an envelope ({@link
 * SignedCommits}, as a node signs a lone write), and a receiver opens and verifies each envelope it
 * receives as a node does ({@code SignedBatches.Receiver}, one per replica) before applying it.
 */
final class CausalReplay {
  private final EditingTrace trace;
  private final boolean verify;

  /**
   * {@code verify} false applies the committed deltas themselves, without decoding or verifying
   * envelopes (the writers still sign them).
   */
  CausalReplay(EditingTrace trace, boolean verify) {
    this.trace = trace;
    this.verify = verify;
  }

  /** Runs the whole trace and returns the text of the first agent's replica. */
  String run() {
    int n = trace.txns().size();
    List<ContextState> replicas = new ArrayList<>();
    List<SignedCommits> signers = new ArrayList<>();
    List<SignedBatches.Receiver> receivers = new ArrayList<>();
    List<BitSet> seen = new ArrayList<>();
    for (int a = 0; a < trace.agents(); a++) {
      replicas.add(Fixtures.state(a + 1));
      signers.add(new SignedCommits(Fixtures.key(a + 1), false));
      receivers.add(SignedBatches.receiver(SignedCommits.CONTEXT));
      seen.add(new BitSet(n));
    }
    Transaction g = replicas.get(0).begin();
    TextHandle doc = g.root().text(Fixtures.DOC);
    Delta genesis = g.commitUnsigned().orElseThrow();
    byte[] genesisEnvelope = signers.get(0).add(genesis).get(0);
    for (int a = 1; a < replicas.size(); a++) {
      replicas.get(a).applyVerified(receivers.get(a).open(genesisEnvelope));
    }
    Delta[] deltas = new Delta[n];
    byte[][] envelopes = new byte[n][];
    for (int i = 0; i < n; i++) {
      EditingTrace.Txn txn = trace.txns().get(i);
      int agent = txn.agent();
      ContextState replica = replicas.get(agent);
      for (int idx : closure(txn.parents(), seen.get(agent))) {
        if (trace.txns().get(idx).agent() != agent) {
          replica.applyVerified(verify ? receivers.get(agent).open(envelopes[idx]) : deltas[idx]);
        }
      }
      Transaction tx = replica.begin();
      TextHandle text = tx.text(doc.id());
      txn.applyTo(text::insert, text::delete);
      deltas[i] = tx.commitUnsigned().orElseThrow();
      envelopes[i] = signers.get(agent).add(deltas[i]).get(0);
      seen.get(agent).set(i);
    }
    return replicas.get(0).read().root().text(Fixtures.DOC).read();
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
