package dev.mero4j.server.internal.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations in seconds with fixed buckets. */
final class Histogram {
  /** Upper bounds in seconds, from 100 µs (a cached read) to 10 s (a limit-bound call). */
  static final double[] BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  Histogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void observe(double seconds) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sum.add(seconds);
  }

  void render(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    String prefix = labels.isEmpty() ? "" : labels + ",";
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name)
          .append("_bucket{")
          .append(prefix)
          .append("le=\"")
          .append(BOUNDS[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    out.append(name)
        .append("_bucket{")
        .append(prefix)
        .append("le=\"+Inf\"} ")
        .append(count.sum())
        .append('\n');
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    out.append(name).append("_sum").append(braces).append(' ').append(sum.sum()).append('\n');
    out.append(name).append("_count").append(braces).append(' ').append(count.sum()).append('\n');
  }
}
