package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.Transaction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** 100,000 map sets over 10,000 keys, each its own signed, encoded delta. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class MapBenchmark {
  static final int SETS = 100_000;
  static final int KEYS = 10_000;

  long bytes;
  long actionBytes;

  @Benchmark
  public int perOpDeltas() {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    MapHandle created = first.root().map(Fixtures.bytes("m"));
    first.commit();
    long total = 0;
    long actions = 0;
    for (int i = 0; i < SETS; i++) {
      Transaction tx = state.begin();
      tx.map(created.id())
          .put(Fixtures.bytes("key" + (i * 7919L % KEYS)), Fixtures.bytes(Integer.toString(i)));
      Delta d = tx.commit().orElseThrow();
      total += DeltaCodec.encode(d).length;
      actions += DeltaCodec.actionBytes(d);
    }
    bytes = total;
    actionBytes = actions;
    return state.entityCount();
  }

  @TearDown
  public void report() {
    System.out.printf(
        "%nmap sets: full signed %.1f B/delta, action section %.2f B/delta%n",
        (double) bytes / SETS, (double) actionBytes / SETS);
  }
}
