package dev.mero4j.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HybridClockTest {
  private final ManualClock wall = new ManualClock(1_000_000);

  @Test
  void ticksStrictlyIncreaseEvenWhenTheWallClockStandsStillOrGoesBack() {
    HybridClock clock = new HybridClock(wall);
    long a = clock.tick();
    long b = clock.tick();
    wall.advance(-500);
    long c = clock.tick();
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
    assertThat(HybridClock.millisOf(a)).isEqualTo(1_000_000);
  }

  @Test
  void receivingARemoteStampMovesTheClockPastIt() {
    HybridClock clock = new HybridClock(wall);
    long remote = HybridClock.ofMillis(1_003_000) + 7;
    clock.observe(remote);
    assertThat(clock.tick()).isGreaterThan(remote);
  }

  @Test
  void aRemoteStampTooFarInTheFutureIsRejectedWithATypedError() {
    HybridClock clock = new HybridClock(wall, Duration.ofSeconds(5), 0);
    assertThatThrownBy(() -> clock.observe(HybridClock.ofMillis(1_005_001)))
        .isInstanceOf(ClockDriftException.class);
    HybridClock lenient = new HybridClock(wall, Duration.ofSeconds(60), 0);
    lenient.observe(HybridClock.ofMillis(1_005_001));
  }

  @Test
  void aRestartedClockStaysMonotonicFromItsPersistedStamp() {
    HybridClock before = new HybridClock(wall);
    wall.advance(10_000);
    long last = before.tick();
    wall.set(1_000_000);
    HybridClock after = new HybridClock(wall, HybridClock.DEFAULT_MAX_DRIFT, before.last());
    assertThat(after.tick()).isGreaterThan(last);
  }
}
