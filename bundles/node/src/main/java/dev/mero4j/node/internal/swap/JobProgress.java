package dev.mero4j.node.internal.swap;

import dev.mero4j.node.SwapException;
import dev.mero4j.node.SwapJob;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The live progress of one swap job, written by the job's thread and read by anyone. */
final class JobProgress {
  private final String id;
  private final String capability;
  private final String from;
  private final String to;
  private final LongSupplier ticker;
  private final long started;
  private final AtomicLong done = new AtomicLong();
  private volatile SwapJob.Phase phase = SwapJob.Phase.STARTING;
  private volatile long total;
  private volatile long pauseNanos;
  private volatile long finished = -1;
  private volatile SwapException failure;
  private volatile String superseded;
  private int phases;
  private int entered;

  JobProgress(String id, String capability, String from, String to, LongSupplier ticker) {
    this.id = id;
    this.capability = capability;
    this.from = from;
    this.to = to;
    this.ticker = ticker;
    this.started = ticker.getAsLong();
  }

  String id() {
    return id;
  }

  /**
   * Makes {@code done}/{@code total} count the job's phases ({@code count} of them) instead of the
   * units of the current phase: a job whose phases count different things (requests, peers,
   * contexts) reads as one bar.
   */
  void countPhases(int count) {
    phases = count;
    total = count;
    done.set(0);
  }

  /** Enters {@code next}: counts {@code work} units of it from zero, or one more phase begun. */
  void phase(SwapJob.Phase next, long work) {
    if (phases > 0) {
      done.set(entered++);
    } else {
      total = work;
      done.set(0);
    }
    phase = next;
  }

  /** Sets the units of the current phase once they are counted. */
  void total(long units) {
    if (phases == 0) {
      total = units;
    }
  }

  void advance(long units) {
    if (phases == 0) {
      done.addAndGet(units);
    }
  }

  /** Records a write pause; the job reports the longest. */
  void pause(long nanos) {
    pauseNanos = Math.max(pauseNanos, nanos);
  }

  /** Ends the job; a finished job reads all its work done (a skipped phase counts as done). */
  void succeed() {
    finished = ticker.getAsLong();
    done.set(Math.max(done.get(), total));
    phase = SwapJob.Phase.DONE;
  }

  void fail(SwapException cause) {
    failure = cause;
    finished = ticker.getAsLong();
    phase = SwapJob.Phase.ROLLED_BACK;
  }

  /** Ends the job without a rollback: what it switched to went away and a newer job takes over. */
  void supersede(String reason) {
    superseded = reason;
    finished = ticker.getAsLong();
    phase = SwapJob.Phase.SUPERSEDED;
  }

  SwapJob view() {
    SwapException f = failure;
    long end = finished < 0 ? ticker.getAsLong() : finished;
    return new SwapJob(
        id,
        capability,
        from,
        to,
        phase,
        done.get(),
        total,
        pauseNanos / 1_000_000,
        (end - started) / 1_000_000,
        Optional.ofNullable(f).map(e -> e.getClass().getSimpleName()),
        f != null ? Optional.ofNullable(f.getMessage()) : Optional.ofNullable(superseded));
  }
}
