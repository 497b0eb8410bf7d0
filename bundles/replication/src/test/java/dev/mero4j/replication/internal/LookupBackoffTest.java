package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A member alone looks its rendezvous key up at once, then after doubling, jittered waits capped at
 * {@link LookupBackoff#MAX_WAIT}; a new key or peers regained after none start over. The clock is
 * moved by the test, the jitter is seeded.
 */
class LookupBackoffTest {
  private static final ContextId CTX = ContextId.of(Hash.sha256(new byte[] {1}).toBytes());
  private static final ContextId OTHER = ContextId.of(Hash.sha256(new byte[] {2}).toBytes());
  private static final byte[] KEY = {1};

  private final MovingClock clock = new MovingClock(Instant.parse("2026-12-07T08:00:00Z"));
  private final LookupBackoff backoff = new LookupBackoff(clock, new Random(42));

  @Test
  void waitsDoubleWithJitterUpToTheCap() {
    List<Duration> waits = new ArrayList<>();
    for (int lookup = 0; lookup < 12; lookup++) {
      assertThat(backoff.due(CTX, KEY)).as("look-up %d is due", lookup).isTrue();
      waits.add(untilDue(CTX));
    }
    for (int i = 0; i < waits.size(); i++) {
      long full =
          Math.min(LookupBackoff.MAX_WAIT.toMillis(), LookupBackoff.FIRST_WAIT.toMillis() << i);
      assertThat(waits.get(i).toMillis())
          .as("wait %d in the upper half of %d ms (to the second)", i, full)
          .isBetween(full / 2, full + 1000);
    }
    assertThat(waits.subList(6, 12))
        .as("capped")
        .allMatch(w -> w.compareTo(LookupBackoff.MAX_WAIT.plusSeconds(1)) <= 0);
    assertThat(waits.stream().distinct().count()).as("jittered, not in lock step").isGreaterThan(6);
  }

  @Test
  void aMemberAloneForAnHourLooksUpAFewDozenTimesNotEveryRound() {
    int lookups = 0;
    for (int round = 0; round < 360; round++) {
      if (backoff.due(CTX, KEY)) {
        lookups++;
      }
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(lookups).as("of 360 sync rounds").isBetween(12, 30);
  }

  @Test
  void aNewKeyOrPeersRegainedEndTheWait() {
    assertThat(backoff.due(CTX, KEY)).isTrue();
    assertThat(backoff.due(CTX, KEY)).isFalse();
    assertThat(backoff.due(CTX, new byte[] {2})).as("the epoch rotated").isTrue();
    assertThat(backoff.due(CTX, new byte[] {2})).isFalse();

    backoff.observe(0);
    backoff.observe(3);
    assertThat(backoff.due(CTX, new byte[] {2})).as("peers again after none").isTrue();
    backoff.observe(5);
    assertThat(backoff.due(CTX, new byte[] {2})).as("more peers while some").isFalse();
  }

  @Test
  void aContextThatFoundAMemberStartsItsNextSpellAtOnceAndOthersKeepTheirWait() {
    assertThat(backoff.due(CTX, KEY)).isTrue();
    assertThat(backoff.due(OTHER, KEY)).isTrue();
    untilDue(CTX);
    assertThat(backoff.due(CTX, KEY)).isTrue();
    backoff.settled(CTX);
    assertThat(backoff.due(CTX, KEY)).isTrue();
    assertThat(backoff.due(OTHER, KEY)).isTrue();
    assertThat(backoff.due(OTHER, KEY)).isFalse();
  }

  /** Moves the clock second by second until {@code context} is due again; the wait it took. */
  private Duration untilDue(ContextId context) {
    Instant start = clock.now;
    while (true) {
      clock.advance(Duration.ofSeconds(1));
      if (clock.now.isAfter(start.plus(LookupBackoff.MAX_WAIT.plusSeconds(2)))) {
        throw new AssertionError("not due within the cap");
      }
      if (isDueWithoutTaking(context)) {
        return Duration.between(start, clock.now);
      }
    }
  }

  private boolean isDueWithoutTaking(ContextId context) {
    return !backoff.dueAt(context).isAfter(clock.now);
  }
}
