package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.testdata.EditingTrace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Concurrent traces, one replica per agent: before each transaction its agent receives (verifies
 * and applies) the unseen deltas in the causal closure of the transaction's parents; every
 * transaction is committed as a signed delta.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ConcurrentTraceBenchmark {
  @Param({"friendsforever", "clownschool"})
  public String traceName;

  /** false: deltas are applied without signature verification, isolating the CRDT work. */
  @Param({"true", "false"})
  public boolean verify;

  EditingTrace trace;

  @Setup(Level.Trial)
  public void load() {
    trace = EditingTrace.load(traceName);
  }

  @Benchmark
  public String causalReplay() {
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
          if (verify) {
            replica.apply(deltas[idx]);
          } else {
            replica.applyVerified(deltas[idx]);
          }
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
