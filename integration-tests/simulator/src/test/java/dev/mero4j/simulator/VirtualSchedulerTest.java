package dev.mero4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
  private final VirtualScheduler world = new VirtualScheduler();
  private final List<String> ran = new ArrayList<>();

  @Test
  void tasksRunInTimeThenSubmissionOrderOnlyWhenTimeIsRun() {
    world.schedule(() -> ran.add("b@20"), 20, TimeUnit.MILLISECONDS);
    world.schedule(() -> ran.add("a@10"), 10, TimeUnit.MILLISECONDS);
    world.execute(() -> ran.add("now1"));
    world.execute(() -> ran.add("now2"));
    world.schedule(() -> ran.add("c@20"), 20, TimeUnit.MILLISECONDS);
    assertThat(ran).isEmpty();
    world.runUntil(Duration.ofMillis(10).toNanos());
    assertThat(ran).containsExactly("now1", "now2", "a@10");
    world.runFor(Duration.ofMillis(10));
    assertThat(ran).containsExactly("now1", "now2", "a@10", "b@20", "c@20");
    assertThat(world.clock().instant()).isEqualTo(VirtualScheduler.EPOCH.plusMillis(20));
  }

  @Test
  void advanceInsideATaskMakesLaterTasksLateNeverEarly() {
    world.schedule(() -> world.advance(Duration.ofSeconds(5)), 1, TimeUnit.SECONDS);
    world.schedule(
        () -> ran.add("due@2s ran@" + world.clock().millis() % 100_000), 2, TimeUnit.SECONDS);
    world.runFor(Duration.ofSeconds(3));
    assertThat(ran)
        .containsExactly("due@2s ran@" + (VirtualScheduler.EPOCH.toEpochMilli() + 6000) % 100_000);
    assertThat(world.nanoTime()).isEqualTo(Duration.ofSeconds(6).toNanos());
  }

  @Test
  void fixedDelayCountsFromTheEndOfTheRunAndFixedRateFromTheStart() {
    world.scheduleWithFixedDelay(
        () -> {
          ran.add("delay@" + world.nanoTime() / 1_000_000);
          world.advance(Duration.ofMillis(50));
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    world.scheduleAtFixedRate(
        () -> ran.add("rate@" + world.nanoTime() / 1_000_000), 100, 100, TimeUnit.MILLISECONDS);
    world.runUntil(Duration.ofMillis(300).toNanos());
    assertThat(ran).containsExactly("delay@100", "rate@150", "rate@200", "delay@250", "rate@300");
  }

  @Test
  void shutdownOfAForkCancelsOnlyItsOwnTasks() {
    VirtualScheduler a = world.fork("a");
    VirtualScheduler b = world.fork("b");
    a.scheduleWithFixedDelay(() -> ran.add("a"), 10, 10, TimeUnit.MILLISECONDS);
    b.schedule(() -> ran.add("b"), 15, TimeUnit.MILLISECONDS);
    world.runFor(Duration.ofMillis(12));
    assertThat(a.shutdownNow()).hasSize(1);
    assertThat(a.isTerminated()).isTrue();
    world.runFor(Duration.ofMillis(100));
    assertThat(ran).containsExactly("a", "b");
    assertThatThrownBy(() -> a.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void idleIgnoresPeriodicTasksAndFailuresAreRecordedNotThrown() {
    ScheduledFuture<?> beat =
        world.scheduleAtFixedRate(() -> ran.add("beat"), 0, 1, TimeUnit.SECONDS);
    world.schedule(
        () -> {
          throw new IllegalStateException("boom");
        },
        3,
        TimeUnit.SECONDS);
    world.runUntilIdle(100);
    assertThat(ran).containsExactly("beat", "beat", "beat");
    assertThat(world.failures()).singleElement().satisfies(t -> assertThat(t).hasMessage("boom"));
    beat.cancel(false);
    world.runFor(Duration.ofSeconds(5));
    assertThat(ran).hasSize(3);
  }
}
