package dev.mero4j.wasm.chicory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final Watchdog watchdog = new Watchdog(now::get);

  @Test
  void callWithinItsLimitIsNotInterrupted() {
    Watchdog.Ticket ticket = watchdog.register();
    ticket.start(100);
    now.addAndGet(99);
    watchdog.scan();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(ticket.stop()).isFalse();
    watchdog.close();
  }

  @Test
  void overdueCallIsInterruptedAndTheFlagIsClearedOnStop() {
    Watchdog.Ticket ticket = watchdog.register();
    ticket.start(100);
    now.addAndGet(100);
    watchdog.scan();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(ticket.stop()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    watchdog.close();
  }

  @Test
  void idleTicketIsNeverInterrupted() {
    Watchdog.Ticket ticket = watchdog.register();
    ticket.start(100);
    ticket.stop();
    now.addAndGet(1_000);
    watchdog.scan();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    watchdog.close();
  }
}
