package dev.mero4j.replication.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Checks tasks on the verification stage, as many at once as it has threads, and runs what each
 * check returns on the worker, one at a time and in submission order, never waiting there for a
 * check still running.
 *
 * <pre>
 *   submit(check) ─► verification thread: check ─► done ─► worker: drain
 *   drain: while the oldest submitted check is done ─► run its result ─► release its hold
 * </pre>
 */
final class OrderedStage {
  private static final System.Logger LOG = System.getLogger(OrderedStage.class.getName());

  /** A submitted check, its result to run on the worker and what frees its place in the queue. */
  private record Entry(CompletableFuture<Runnable> checked, Runnable release) {}

  private final ReplicationWork work;
  private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
  private final AtomicInteger drains = new AtomicInteger();

  OrderedStage(ReplicationWork work) {
    this.work = work;
  }

  /**
   * Runs {@code check} off the worker, then its result on the worker after the results of every
   * earlier submission; {@code release} runs after it in any case.
   */
  void submit(Supplier<Runnable> check, Runnable release) {
    CompletableFuture<Runnable> checked;
    synchronized (inOrder) {
      try {
        checked = work.verifyAsync(check);
      } catch (RejectedExecutionException e) {
        release.run();
        LOG.log(System.Logger.Level.DEBUG, "verification stage closed; gossip dropped");
        return;
      }
      inOrder.add(new Entry(checked, release));
    }
    CompletableFuture<Runnable> unused =
        checked.whenComplete((result, failure) -> work.apply("gossip", this::drain));
  }

  /** Runs the results of the oldest finished checks, in order; one thread drains at a time. */
  private void drain() {
    if (drains.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    while (missed != 0) {
      Entry next;
      while ((next = nextDone()) != null) {
        run(next);
      }
      missed = drains.addAndGet(-missed);
    }
  }

  private Entry nextDone() {
    synchronized (inOrder) {
      Entry head = inOrder.peek();
      return head != null && head.checked().isDone() ? inOrder.poll() : null;
    }
  }

  private static void run(Entry entry) {
    try {
      entry.checked().join().run();
    } catch (CompletionException e) {
      LOG.log(System.Logger.Level.WARNING, "a gossip check failed; the message is dropped", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a gossip apply failed; replication goes on", e);
    } finally {
      entry.release().run();
    }
  }
}
