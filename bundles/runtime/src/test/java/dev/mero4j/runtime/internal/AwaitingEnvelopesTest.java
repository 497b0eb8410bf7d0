package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Envelopes that wait for governance past their age are dropped and reported by hash. */
class AwaitingEnvelopesTest {
  private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AwaitingEnvelopes awaiting = new AwaitingEnvelopes(clock);

  private static byte[] envelope(int tag, int length) {
    byte[] bytes = new byte[length];
    bytes[0] = (byte) tag;
    return bytes;
  }

  @Test
  void anEnvelopeWaitingPastItsAgeIsDroppedAndReportedByHash() {
    byte[] junk = envelope(1, 100);
    byte[] later = envelope(2, 50);
    awaiting.add(junk, Set.of());
    clock.advance(Duration.ofMinutes(6));
    awaiting.add(later, Set.of(GovernanceOpId.of(new byte[32])));

    clock.advance(AwaitingEnvelopes.MAX_AGE.minusMinutes(6).minusSeconds(1));
    assertThat(awaiting.expire()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(awaiting.expire()).containsExactly(Hash.sha256(junk));
    assertThat(awaiting.count()).isEqualTo(1);
    assertThat(awaiting.bytes()).isEqualTo(50);
  }

  @Test
  void aRetryKeepsTheAgeOfWhatStillWaits() {
    byte[] junk = envelope(1, 100);
    awaiting.add(junk, Set.of());
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(awaiting.drain()).hasSize(1);
      awaiting.add(junk, Set.of()); // governance progressed, the retry left it waiting again
    }
    assertThat(awaiting.expire()).containsExactly(Hash.sha256(junk));
    assertThat(awaiting.count()).isZero();
    assertThat(awaiting.bytes()).isZero();
  }
}
