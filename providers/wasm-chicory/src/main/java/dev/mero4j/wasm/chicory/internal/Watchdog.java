package dev.mero4j.wasm.chicory.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a thread whose call outlives its wall-clock limit; Chicory's compiled code checks the
 * interrupt flag and aborts. The flag never leaks past the call: a late interrupt is cleared.
 */
public final class Watchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  public Watchdog() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "mero4j-wasm-chicory-watchdog");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Starts watching the current thread. */
  public Ticket start(Duration limit) {
    Ticket ticket = new Ticket(Thread.currentThread());
    ticket.future = timer.schedule(ticket::fire, limit.toNanos(), TimeUnit.NANOSECONDS);
    return ticket;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One watched call. */
  public static final class Ticket {
    private final Thread thread;
    private ScheduledFuture<?> future;
    private boolean done;
    private boolean fired;

    Ticket(Thread thread) {
      this.thread = thread;
    }

    private synchronized void fire() {
      if (!done) {
        fired = true;
        thread.interrupt();
      }
    }

    /** Ends the watch; returns whether the watchdog fired. Call on the watched thread. */
    public boolean stop() {
      future.cancel(false);
      synchronized (this) {
        done = true;
        if (fired) {
          Thread.interrupted();
        }
        return fired;
      }
    }
  }
}
