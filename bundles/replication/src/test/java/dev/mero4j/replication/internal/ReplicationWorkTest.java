package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing task is counted and the periodic ones keep running; a sync that waits holds up no
 * gossip.
 */
class ReplicationWorkTest {
  private final ReplicationWork work = ReplicationWork.owned();

  @AfterEach
  void close() {
    work.close(Duration.ofSeconds(5));
  }

  @Test
  void aPeriodicTaskThatFailsKeepsRunningAndEachFailureIsCounted() {
    AtomicInteger runs = new AtomicInteger();
    work.every(
        "flaky",
        Duration.ofMillis(10),
        () -> {
          if (runs.incrementAndGet() <= 2) {
            throw new IllegalStateException("run " + runs.get() + " fails");
          }
        });

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
    assertThat(work.failures()).isEqualTo(2);
  }

  @Test
  void workOnTheWorkerRunsWhileEverySyncThreadWaits() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch waiting = new CountDownLatch(ReplicationWork.SYNC_THREADS);
    for (int i = 0; i < ReplicationWork.SYNC_THREADS + 1; i++) {
      work.sync(
          "slow peer",
          () -> {
            waiting.countDown();
            try {
              release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch applied = new CountDownLatch(1);

    work.apply("gossip", applied::countDown);

    assertThat(applied.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
  }
}
