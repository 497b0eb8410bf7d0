package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.runtime.SignedBatches;
import dev.mero4j.testdata.EditingTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Replays a concurrent trace with one replica per agent: before each transaction its agent receives
 * the unseen deltas (in trace order) of the causal closure of the transaction's parents; every
 * transaction is committed unsigned and signed into an envelope ({@link SignedCommits}), and a
 * receiver opens and verifies each envelope it receives as a node does ({@code
 * SignedBatches.Receiver}, one per replica, which checks a batch's signature once) before applying
 * it.
 *
 * <p>Unframed, each transaction is signed as its own batch, as a node signs a lone write. Framed,
 * each writer signs the transactions of one 16 ms frame as one batch ({@link SignedCommits}); when
 * a replica needs a delta of a writer's still open frame (the trace says it saw it), that writer
 * signs its open batch at once, as an editor sends what it has when a peer is waiting for it.
 */
final class CausalReplay {
  private final EditingTrace trace;
  private final boolean verify;
  private final boolean framed;
  private long signatures;

  /**
   * {@code verify} false applies the committed deltas themselves, without decoding or verifying
   * envelopes (the writers still sign them, each its own batch); {@code framed} signs per frame.
   */
  CausalReplay(EditingTrace trace, boolean verify, boolean framed) {
    this.trace = trace;
    this.verify = verify;
    this.framed = framed;
  }

  /** Signatures the writers made in the last {@link #run}. */
  long signatures() {
    return signatures;
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
      signers.add(new SignedCommits(Fixtures.key(a + 1), framed));
      receivers.add(SignedBatches.receiver(SignedCommits.CONTEXT));
      seen.add(new BitSet(n));
    }
    Transaction g = replicas.get(0).begin();
    TextHandle doc = g.root().text(Fixtures.DOC);
    Delta genesis = g.commitUnsigned().orElseThrow();
    List<byte[]> signedGenesis = signers.get(0).add(genesis);
    byte[] genesisEnvelope =
        (signedGenesis.isEmpty() ? signers.get(0).flush() : signedGenesis).get(0);
    for (int a = 1; a < replicas.size(); a++) {
      replicas.get(a).applyVerified(receivers.get(a).open(genesisEnvelope));
    }
    Delta[] deltas = new Delta[n];
    byte[][] envelopes = new byte[n][];
    List<ArrayDeque<Integer>> unsigned = new ArrayList<>();
    for (int a = 0; a < replicas.size(); a++) {
      unsigned.add(new ArrayDeque<>());
    }
    for (int i = 0; i < n; i++) {
      EditingTrace.Txn txn = trace.txns().get(i);
      int agent = txn.agent();
      ContextState replica = replicas.get(agent);
      for (int idx : closure(txn.parents(), seen.get(agent))) {
        int writer = trace.txns().get(idx).agent();
        if (writer != agent) {
          if (verify && envelopes[idx] == null) {
            assign(signers.get(writer).flush(), unsigned.get(writer), envelopes);
          }
          replica.applyVerified(verify ? receivers.get(agent).open(envelopes[idx]) : deltas[idx]);
        }
      }
      Transaction tx = replica.begin();
      TextHandle text = tx.text(doc.id());
      txn.applyTo(text::insert, text::delete);
      deltas[i] = tx.commitUnsigned().orElseThrow();
      unsigned.get(agent).add(i);
      assign(signers.get(agent).add(deltas[i]), unsigned.get(agent), envelopes);
      seen.get(agent).set(i);
    }
    signatures = 0;
    for (SignedCommits signer : signers) {
      signer.flush();
      signatures += signer.batches();
    }
    return replicas.get(0).read().root().text(Fixtures.DOC).read();
  }

  /** Gives the envelopes just signed, in order, to the oldest deltas not yet signed. */
  private static void assign(List<byte[]> signed, ArrayDeque<Integer> unsigned, byte[][] out) {
    for (byte[] envelope : signed) {
      out[unsigned.removeFirst()] = envelope;
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
