package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.testdata.EditingTrace;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The automerge-paper trace: per-keystroke, one transaction, load, concurrent merge. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class SequentialTraceBenchmark {
  EditingTrace trace;
  byte[] snapshot;
  byte[] halfSnapshot;
  Delta otherHalf;
  ContextState mergeTarget;
  long deltaBytes;
  long actionBytes;
  long deltas;

  @Setup(Level.Trial)
  public void load() {
    trace = EditingTrace.load("automerge-paper");
    ContextState whole = Fixtures.state(1);
    Transaction tx = whole.begin();
    replay(tx.root().text(Fixtures.DOC), 0, trace.txns().size());
    tx.commit();
    snapshot = whole.exportSnapshot();

    int half = trace.txns().size() / 2;
    ContextState a = Fixtures.state(1);
    Transaction ta = a.begin();
    replay(ta.root().text(Fixtures.DOC), 0, half);
    ta.commit();
    halfSnapshot = a.exportSnapshot();
    ContextState b = Fixtures.state(2);
    Transaction tb = b.begin();
    replay(tb.root().text(Fixtures.DOC), 0, half);
    otherHalf = tb.commit().orElseThrow();
  }

  private void replay(TextHandle text, int from, int to) {
    for (int i = from; i < to; i++) {
      trace.txns().get(i).applyTo(text::insert, text::delete);
    }
  }

  @Benchmark
  public int perKeystrokeTransactions() {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    TextHandle created = first.root().text(Fixtures.DOC);
    first.commit();
    long bytes = 0;
    long actions = 0;
    for (EditingTrace.Txn txn : trace.txns()) {
      Transaction tx = state.begin();
      TextHandle text = tx.text(created.id());
      txn.applyTo(text::insert, text::delete);
      Delta d = tx.commit().orElseThrow();
      byte[] encoded = DeltaCodec.encode(d);
      bytes += encoded.length;
      actions += DeltaCodec.actionBytes(d);
    }
    deltaBytes = bytes;
    actionBytes = actions;
    deltas = trace.txns().size();
    return state.read().root().text(Fixtures.DOC).length();
  }

  @Benchmark
  public int oneTransaction() {
    ContextState state = Fixtures.state(1);
    Transaction tx = state.begin();
    replay(tx.root().text(Fixtures.DOC), 0, trace.txns().size());
    return DeltaCodec.encode(tx.commit().orElseThrow()).length;
  }

  @Benchmark
  public int loadEncodedDocument() {
    ContextState state =
        ContextState.importSnapshot(snapshot, Fixtures.key(1), new HybridClock(Clock.systemUTC()));
    return state.read().root().text(Fixtures.DOC).length();
  }

  @Setup(Level.Invocation)
  public void freshMergeTarget() {
    mergeTarget =
        ContextState.importSnapshot(
            halfSnapshot, Fixtures.key(1), new HybridClock(Clock.systemUTC()));
  }

  @Benchmark
  public int mergeConcurrentHalves() {
    mergeTarget.applyVerified(otherHalf);
    return mergeTarget.read().root().text(Fixtures.DOC).length();
  }

  @TearDown(Level.Trial)
  public void report() {
    if (deltas > 0) {
      System.out.printf(
          "%nper-keystroke deltas: %d, full signed %.1f B/delta, action section %.2f B/delta, snapshot %d B%n",
          deltas, (double) deltaBytes / deltas, (double) actionBytes / deltas, snapshot.length);
    }
  }
}
