package dev.mero4j.wasm.chicory.internal;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Interrupts a thread whose call outlives its wall-clock limit; Chicory's compiled code checks the
 * interrupt flag and aborts. One ticker thread scans the registered tickets every {@link
 * #TICK_MILLIS}, so arming a call costs a clock read and two atomic writes. The interrupt flag
 * never leaks past the call: a late interrupt is cleared by {@link Ticket#stop()}.
 */
public final class Watchdog implements AutoCloseable {
  /** Scan period: the watchdog's resolution. */
  public static final long TICK_MILLIS = 10;

  private final LongSupplier nanoClock;
  private final ConcurrentLinkedQueue<WeakReference<Ticket>> tickets =
      new ConcurrentLinkedQueue<>();
  private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
  private final java.util.concurrent.atomic.AtomicLong failedTicks =
      new java.util.concurrent.atomic.AtomicLong();
  private ScheduledThreadPoolExecutor ticker;
  private java.util.concurrent.ScheduledFuture<?> tick;
  private boolean closed;

  public Watchdog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** A ticket for one instance's calls, watched until it becomes unreachable. */
  public Ticket register() {
    Ticket ticket = new Ticket(nanoClock);
    tickets.add(new WeakReference<>(ticket));
    startTicker();
    return ticket;
  }

  private synchronized void startTicker() {
    if (ticker == null && !closed) {
      ticker =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "mero4j-wasm-chicory-watchdog");
                t.setDaemon(true);
                return t;
              });
      tick =
          ticker.scheduleAtFixedRate(
              this::scanSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** One tick; a failure is logged and the next tick runs, so calls never lose their deadline. */
  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      failedTicks.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, "watchdog tick failed; the next one runs as usual", e);
    }
  }

  /** Ticks that threw (each logged); the watchdog kept running. */
  public long failedTicks() {
    return failedTicks.get();
  }

  void scan() {
    long now = nanoClock.getAsLong();
    for (Iterator<WeakReference<Ticket>> it = tickets.iterator(); it.hasNext(); ) {
      Ticket ticket = it.next().get();
      if (ticket == null) {
        it.remove();
      } else {
        ticket.check(now);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (ticker != null) {
      tick.cancel(false);
      ticker.shutdownNow();
      ticker = null;
    }
  }

  /** The watch over one instance's calls, reused call after call. */
  public static final class Ticket {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    private final LongSupplier nanoClock;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread thread;
    private volatile long deadline;

    Ticket(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
    }

    /** Starts watching the current thread for {@code timeoutNanos}. */
    public void start(long timeoutNanos) {
      thread = Thread.currentThread();
      deadline = nanoClock.getAsLong() + timeoutNanos;
      state.set(RUNNING);
    }

    /** Ends the watch; returns whether the watchdog fired. Call on the watched thread. */
    public boolean stop() {
      if (state.compareAndSet(RUNNING, IDLE)) {
        return false;
      }
      while (state.get() == FIRING) {
        Thread.onSpinWait();
      }
      Thread.interrupted();
      state.set(IDLE);
      return true;
    }

    void check(long now) {
      if (state.get() == RUNNING && now - deadline >= 0 && state.compareAndSet(RUNNING, FIRING)) {
        thread.interrupt();
        state.set(FIRED);
      }
    }
  }
}
