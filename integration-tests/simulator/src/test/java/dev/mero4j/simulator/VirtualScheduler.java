package dev.mero4j.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded {@link ScheduledExecutorService} on virtual time: nothing runs until the
 * simulation calls {@link #runUntil} or {@link #runUntilIdle}, which run due tasks in (time,
 * submission) order on the calling thread.
 *
 * <pre>
 *   Timeline (shared: queue of (time, seq) tasks, now, clock)
 *     ├── VirtualScheduler "world"   runUntil(t) / runUntilIdle() / advance(d)
 *     ├── fork("node-0")             one per node: shutdownNow() cancels only its own tasks
 *     └── fork("node-1") …
 * </pre>
 *
 * {@link #advance} moves time forward inside a running task, as a thread blocked for that long
 * would see it; tasks that fell due meanwhile run late, in order, never early.
 */
public final class VirtualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  /** Virtual time zero; any fixed instant keeps runs reproducible. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Timeline timeline;
  private final String name;
  private boolean shutdown;

  public VirtualScheduler() {
    this(new Timeline(), "world");
  }

  private VirtualScheduler(Timeline timeline, String name) {
    this.timeline = timeline;
    this.name = name;
  }

  /** An executor on the same timeline whose shutdown affects only the tasks it scheduled. */
  public VirtualScheduler fork(String forkName) {
    return new VirtualScheduler(timeline, forkName);
  }

  /** A clock reading this timeline's virtual time (UTC). */
  public Clock clock() {
    return timeline.clock;
  }

  /** Virtual nanoseconds since {@link #EPOCH}. */
  public long nanoTime() {
    return timeline.now;
  }

  /** Moves virtual time forward inside the running task: the caller was blocked for {@code d}. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative advance " + d);
    }
    timeline.now += d.toNanos();
  }

  /** Runs every task due at or before {@code now + d}, then sets the time to that point. */
  public int runFor(Duration d) {
    return runUntil(timeline.now + d.toNanos());
  }

  /** Runs every task due at or before {@code nanos}, then sets the time to {@code nanos}. */
  public int runUntil(long nanos) {
    int ran = 0;
    while (!timeline.queue.isEmpty() && timeline.queue.peek().time <= nanos) {
      ran += runNext() ? 1 : 0;
    }
    timeline.now = Math.max(timeline.now, nanos);
    return ran;
  }

  /**
   * Runs tasks until only periodic ones are queued: every message, response and one-shot task in
   * flight has been handled. Fails after {@code maxTasks}, which means some task keeps scheduling
   * new one-shot work.
   */
  public int runUntilIdle(int maxTasks) {
    int ran = 0;
    while (timeline.oneShots() > 0) {
      if (ran >= maxTasks) {
        throw new IllegalStateException(
            "not idle after " + maxTasks + " tasks at " + Duration.ofNanos(timeline.now));
      }
      ran += runNext() ? 1 : 0;
    }
    return ran;
  }

  /** Exceptions thrown by tasks (swallowed into their futures, as a thread pool does). */
  public List<Throwable> failures() {
    return List.copyOf(timeline.failures);
  }

  /** Tasks queued on the whole timeline, periodic ones included. */
  public int queued() {
    return timeline.queue.size();
  }

  private boolean runNext() {
    Task<?> task = timeline.queue.poll();
    if (task.periodic == 0) {
      timeline.oneShotCount--;
    }
    if (task.isCancelled()) {
      return false;
    }
    timeline.now = Math.max(timeline.now, task.time);
    task.run();
    return true;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Task<Void>(Executors.callable(command, null), delay(delay, unit), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable, delay(delay, unit), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return enqueue(
        new Task<Void>(
            Executors.callable(command, null), delay(initialDelay, unit), positive(period, unit)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return enqueue(
        new Task<Void>(
            Executors.callable(command, null), delay(initialDelay, unit), -positive(delay, unit)));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  private long delay(long delay, TimeUnit unit) {
    return timeline.now + Math.max(0, unit.toNanos(delay));
  }

  private static long positive(long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be > 0");
    }
    return unit.toNanos(period);
  }

  private <V> Task<V> enqueue(Task<V> task) {
    if (shutdown) {
      throw new RejectedExecutionException(name + " is shut down");
    }
    timeline.add(task);
    return task;
  }

  @Override
  public void shutdown() {
    shutdown = true;
    for (Task<?> task : timeline.queue) {
      if (task.owner() == this && task.periodic != 0) {
        task.cancel(false);
      }
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> cancelled = new ArrayList<>();
    for (Task<?> task : timeline.queue) {
      if (task.owner() == this && !task.isCancelled()) {
        task.cancel(false);
        cancelled.add(task);
      }
    }
    return cancelled;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown
        && timeline.queue.stream().noneMatch(t -> t.owner() == this && !t.isCancelled());
  }

  /** Never blocks: virtual time only moves when the simulation runs it. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  /** Would block the only thread on futures that need that thread; refused. */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
    throw new UnsupportedOperationException("blocking invokeAll on a single virtual thread");
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException("blocking invokeAll on a single virtual thread");
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
    throw new UnsupportedOperationException("blocking invokeAny on a single virtual thread");
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException("blocking invokeAny on a single virtual thread");
  }

  @Override
  public String toString() {
    return "VirtualScheduler[" + name + " at " + Duration.ofNanos(timeline.now) + "]";
  }

  /** The state every fork shares. */
  private static final class Timeline {
    final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    final List<Throwable> failures = new ArrayList<>();
    final Clock clock = new VirtualClock(this, java.time.ZoneOffset.UTC);
    long now;
    long seq;
    int oneShotCount;

    void add(Task<?> task) {
      task.seq = seq++;
      if (task.periodic == 0) {
        oneShotCount++;
      }
      queue.add(task);
    }

    int oneShots() {
      return oneShotCount;
    }
  }

  /** Reads a timeline's virtual time. */
  private static final class VirtualClock extends Clock {
    private final Timeline timeline;
    private final java.time.ZoneId zone;

    VirtualClock(Timeline timeline, java.time.ZoneId zone) {
      this.timeline = timeline;
      this.zone = zone;
    }

    @Override
    public java.time.ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(java.time.ZoneId other) {
      return new VirtualClock(timeline, other);
    }

    @Override
    public Instant instant() {
      return EPOCH.plusNanos(timeline.now);
    }

    @Override
    public long millis() {
      return EPOCH.toEpochMilli() + timeline.now / 1_000_000L;
    }
  }

  /**
   * One queued task; {@code periodic} is 0 for one-shot, positive for fixed rate, negative for
   * fixed delay.
   */
  private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    final long periodic;
    long time;
    long seq;

    Task(Callable<V> callable, long time, long periodic) {
      super(callable);
      this.time = time;
      this.periodic = periodic;
    }

    VirtualScheduler owner() {
      return VirtualScheduler.this;
    }

    @Override
    public boolean isPeriodic() {
      return periodic != 0;
    }

    @Override
    public void run() {
      if (periodic == 0) {
        super.run();
      } else if (runAndReset() && !shutdown) {
        time = periodic > 0 ? time + periodic : timeline.now - periodic;
        timeline.add(this);
      }
    }

    @Override
    protected void setException(Throwable t) {
      timeline.failures.add(t);
      super.setException(t);
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(time - timeline.now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Task<?> t) {
        int byTime = Long.compare(time, t.time);
        return byTime != 0 ? byTime : Long.compare(seq, t.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
