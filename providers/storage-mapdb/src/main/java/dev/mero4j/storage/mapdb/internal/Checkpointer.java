package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageClosedException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The background thread of one store that runs its checkpoints: woken by a writer that passed the
 * soft bound, and at least every half {@link CheckpointPolicy#maxAgeMillis()} to flush writes that
 * have waited too long. A failed checkpoint has already closed the store; the thread then ends.
 */
final class Checkpointer {
  private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

  private final Thread thread;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopped;

  Checkpointer(Path dir, CheckpointPolicy policy, Runnable checkpointIfDue) {
    long pollMillis = Math.max(1, policy.maxAgeMillis() / 2);
    this.thread =
        new Thread(
            () -> {
              while (!stopped) {
                try {
                  wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                  wake.drainPermits();
                  if (!stopped) {
                    checkpointIfDue.run();
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (StorageClosedException e) {
                  return;
                } catch (RuntimeException e) {
                  LOG.log(Level.ERROR, "checkpoint of " + dir + " failed", e);
                  return;
                }
              }
            },
            "mero4j-mapdb-checkpoint " + dir.getFileName());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Asks for a checkpoint soon. */
  void nudge() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** Stops the thread and waits for a checkpoint it is running. */
  void stop() {
    stopped = true;
    wake.release();
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the thread after what it is doing, without waiting (called from a failing write). */
  void stopWithoutWaiting() {
    stopped = true;
    wake.release();
  }
}
