package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.ElementId;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.dag.CausalDag;
import dev.mero4j.dag.DagConfig;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/** Delta encode/decode/sign/verify, root-hash update per write at 1M entities, DAG inserts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MicroBenchmark {
  Delta keystroke;
  byte[] encoded;
  ContextState big;
  Transaction bigTx;
  MapHandle bigMap;
  int next;
  List<Delta> chain;

  @Setup(Level.Trial)
  public void setUp() {
    keystroke =
        Delta.sign(
            Fixtures.key(1),
            HybridClock.ofMillis(1_700_000_000_000L),
            42,
            List.of(DeltaId.of(new byte[32])),
            List.of(
                new Action.TextInsert(
                    EntityId.ROOT.child("doc"),
                    new ElementId(Fixtures.key(1).publicKey(), 41),
                    "a")));
    encoded = DeltaCodec.encode(keystroke);

    big = Fixtures.state(1);
    bigTx = big.begin();
    bigMap = bigTx.root().map(Fixtures.bytes("m"));
    for (int i = 0; i < 1_000_000; i++) {
      bigMap.put(Fixtures.bytes("k" + i), Fixtures.bytes("v"));
    }
    big.rootHash();

    ContextState author = Fixtures.state(1);
    chain = new ArrayList<>();
    Transaction t0 = author.begin();
    MapHandle m = t0.root().map(Fixtures.bytes("m"));
    chain.add(t0.commit().orElseThrow());
    for (int i = 0; i < 10_000; i++) {
      Transaction tx = author.begin();
      tx.map(m.id()).put(Fixtures.bytes("k" + (i % 1000)), Fixtures.bytes("v" + i));
      chain.add(tx.commit().orElseThrow());
    }
  }

  @Benchmark
  public byte[] encodeDelta() {
    return DeltaCodec.encode(keystroke);
  }

  @Benchmark
  public Delta decodeDelta() {
    return DeltaCodec.decode(encoded);
  }

  @Benchmark
  public Delta signDelta() {
    return Delta.sign(
        Fixtures.key(1),
        keystroke.hlc(),
        keystroke.lamport(),
        keystroke.parents(),
        keystroke.actions());
  }

  @Benchmark
  public boolean verifyDelta() {
    return keystroke.verifySignature();
  }

  @Benchmark
  public Hash rootHashAfterOneWriteAt1MEntities() {
    bigMap.put(
        Fixtures.bytes("k" + (next = (next + 7919) % 1_000_000)), Fixtures.bytes("w" + next));
    return big.rootHash();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Measurement(iterations = 3)
  @Warmup(iterations = 2)
  public long dagInsert10kDeltas() {
    CausalDag dag =
        CausalDag.open(
            ContextId.of(new byte[32]),
            new MemoryStorageProvider().open(StorageConfig.at(Path.of("."))),
            Fixtures.key(2),
            new HybridClock(Clock.systemUTC()),
            DagConfig.DEFAULTS);
    for (Delta d : chain) {
      dag.add(d);
    }
    return dag.appliedCount();
  }
}
