package dev.mero4j.bench.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The calls of {@link KvStoreBenchmark} (Chicory) measured in CPU time of the calling thread, which
 * stays meaningful on a loaded machine: {@code KvCallCpuHarness memory|mapdb get|set [calls]
 * [rounds]}; prints the median round. Run it with {@code -XX:-DontCompileHugeMethods}, as the
 * node's launcher does.
 */
public final class KvCallCpuHarness {
  private KvCallCpuHarness() {}

  public static void main(String[] args) throws Exception {
    KvStoreBenchmark bench = new KvStoreBenchmark();
    bench.engine = "chicory";
    bench.storageProvider = args[0];
    boolean set = "set".equals(args[1]);
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    bench.setUp();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double[] micros = new double[rounds];
      for (int r = -2; r < rounds; r++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          if (set) {
            bench.set();
          } else {
            bench.get();
          }
        }
        if (r >= 0) {
          micros[r] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / calls;
        }
      }
      Arrays.sort(micros);
      System.out.printf(
          "%s %s: CPU per call median %.1f us (min %.1f, max %.1f; %d rounds of %d)%n",
          args[1], args[0], micros[rounds / 2], micros[0], micros[rounds - 1], rounds, calls);
    } finally {
      bench.tearDown();
    }
  }
}
