package dev.mero4j.crdt.benchmarks;

import dev.mero4j.testdata.EditingTrace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The verified causal replay of {@link CausalReplay} run several times in one process, printing the
 * wall time and the replaying thread's CPU time of each run: on a machine others load, the CPU time
 * of the one thread doing the work leaves out the time it waited for a core (it still moves with
 * shared caches and cores). Usage: {@code ReplayCpu TRACE RUNS [unframed]}; run 1 (the second) is
 * the run {@code Compare} times.
 */
public final class ReplayCpu {
  private ReplayCpu() {}

  /** Replays {@code args[0]} {@code args[1]} times, each in a fresh set of replicas. */
  public static void main(String[] args) {
    String name = args[0];
    int runs = Integer.parseInt(args[1]);
    boolean framed = args.length < 3 || !"unframed".equals(args[2]);
    EditingTrace trace = EditingTrace.load(name);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      CausalReplay replay = new CausalReplay(trace, true, framed);
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      boolean same = replay.run().equals(trace.endContent());
      wall = System.nanoTime() - wall;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      if (!same) {
        throw new IllegalStateException(name + " did not converge to the trace's end content");
      }
      System.out.printf(
          Locale.ROOT,
          "%s run %d: %.1f ms wall, %.1f ms cpu, %d signatures%n",
          name,
          i,
          wall / 1e6,
          cpu / 1e6,
          replay.signatures());
    }
  }
}
