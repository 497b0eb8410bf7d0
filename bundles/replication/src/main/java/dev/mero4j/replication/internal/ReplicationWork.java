package dev.mero4j.replication.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The threads of a replicator: a worker that applies gossip and sends heartbeats, and a separate
 * sync executor for everything that waits on a peer, so gossip never queues behind a slow peer.
 * Every task is guarded: a failure is logged and counted, and periodic tasks keep running.
 */
public final class ReplicationWork implements AutoCloseable {
  /** Threads of an owned worker: gossip apply and heartbeats, which never wait on a peer. */
  static final int WORKER_THREADS = 2;

  /** Threads of an owned sync executor: syncs of different contexts wait on peers side by side. */
  static final int SYNC_THREADS = 4;

  /**
   * Threads of an owned verification stage: one per core (two at least), opening and verifying
   * gossiped envelopes off the worker (its queue is bounded by {@link GossipQueue}, which counts a
   * message until it is applied).
   */
  static final int VERIFY_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * Sync tasks queued on an owned sync executor; more are dropped (periodic sync retries them), so
   * a peer that triggers syncs faster than they run cannot grow the queue.
   */
  static final int MAX_QUEUED_SYNCS = 1024;

  private static final System.Logger LOG = System.getLogger(ReplicationWork.class.getName());

  private final ScheduledExecutorService worker;
  private final ExecutorService sync;
  private final ExecutorService verify;
  private final boolean owned;
  private final List<ScheduledFuture<?>> periodic = new CopyOnWriteArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  private ReplicationWork(
      ScheduledExecutorService worker,
      ExecutorService sync,
      ExecutorService verify,
      boolean owned) {
    this.worker = worker;
    this.sync = sync;
    this.verify = verify;
    this.owned = owned;
  }

  /** Threads of its own, shut down by {@link #close}. */
  public static ReplicationWork owned() {
    return new ReplicationWork(
        Executors.newScheduledThreadPool(WORKER_THREADS, daemon("mero4j-replication")),
        new ThreadPoolExecutor(
            SYNC_THREADS,
            SYNC_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_SYNCS),
            daemon("mero4j-sync")),
        Executors.newFixedThreadPool(VERIFY_THREADS, daemon("mero4j-verify")),
        true);
  }

  /**
   * Everything on the caller's scheduler (a deterministic simulator injects a virtual-time one);
   * {@link #close} cancels the periodic tasks but leaves it running.
   */
  public static ReplicationWork on(ScheduledExecutorService shared) {
    return new ReplicationWork(shared, shared, shared, false);
  }

  /**
   * Runs {@code task} every {@code interval} on the worker; a failure of one run does not stop the
   * next.
   */
  public void every(String name, Duration interval, Runnable task) {
    long millis = interval.toMillis();
    periodic.add(
        worker.scheduleWithFixedDelay(guarded(name, task), millis, millis, TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} on the worker (it must not wait on a peer). */
  public void apply(String name, Runnable task) {
    run(worker, guarded(name, task));
  }

  /** Runs {@code task}, which may wait on peers, on the sync executor. */
  public void sync(String name, Runnable task) {
    run(sync, guarded(name, task));
  }

  /** Computes {@code task} on the sync executor; its failure completes the future. */
  public <T> CompletableFuture<T> syncAsync(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, sync);
  }

  /**
   * Computes {@code task} on the verification stage (the caller's scheduler when not owned); its
   * failure completes the future.
   */
  public <T> CompletableFuture<T> verifyAsync(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, verify);
  }

  /** Sync tasks dropped because the sync queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Task runs that failed since start (each logged). */
  public long failures() {
    return failures.get();
  }

  /**
   * Lets running work finish for {@code grace} before interrupting it, when the threads are owned.
   */
  public void close(Duration grace) {
    closed = true;
    periodic.forEach(task -> task.cancel(false));
    if (owned) {
      worker.shutdown();
      sync.shutdown();
      verify.shutdown();
      stop(worker, grace);
      stop(sync, grace);
      stop(verify, grace);
    }
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }

  private Runnable guarded(String name, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.log(
            System.Logger.Level.WARNING,
            "replication task " + name + " failed; replication goes on",
            e);
      }
    };
  }

  /** Dropped once closed (the executors then reject new work). */
  private void run(ExecutorService executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed && executor.isShutdown()) {
        throw e;
      }
      if (!closed) {
        dropped.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "sync queue full; a task waits for the next sync");
      }
    }
  }

  /**
   * An interrupt in the middle of a storage write (a catch-up page, a snapshot install) can break
   * the store until it is reopened, hence the grace.
   */
  private static void stop(ExecutorService executor, Duration grace) {
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "replication work still running {0} after close; interrupting it",
            grace);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
