package dev.mero4j.runtime.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The side effects of one context's writes (events to listeners, envelopes and governance ops to
 * publish): queued while the context's lock is held, run after it is released, in commit order.
 */
final class Outbox {
  private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  /**
   * Queues {@code effect}; call under the context's write lock so the queue follows commit order.
   */
  void add(Runnable effect) {
    queue.add(effect);
  }

  /**
   * Runs the queued effects, unless another thread is running them (it then runs these too, so they
   * keep their order). Call with no lock of the context held: an effect may block.
   */
  void flush() {
    while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        for (Runnable effect = queue.poll(); effect != null; effect = queue.poll()) {
          run(effect);
        }
      } finally {
        draining.set(false);
      }
    }
  }

  private static void run(Runnable effect) {
    try {
      effect.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a listener of committed changes failed", e);
    }
  }
}
