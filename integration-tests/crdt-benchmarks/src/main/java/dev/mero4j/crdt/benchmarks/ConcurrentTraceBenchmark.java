package dev.mero4j.crdt.benchmarks;

import dev.mero4j.testdata.EditingTrace;
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
 * Concurrent traces replayed by {@link CausalReplay}, with and without signature checks, signed per
 * transaction or per 16 ms frame.
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

  /** true: each writer signs one batch per 16 ms frame instead of one per transaction. */
  @Param({"false", "true"})
  public boolean framed;

  EditingTrace trace;

  @Setup(Level.Trial)
  public void load() {
    trace = EditingTrace.load(traceName);
  }

  @Benchmark
  public String causalReplay() {
    return new CausalReplay(trace, verify, framed && verify).run();
  }
}
