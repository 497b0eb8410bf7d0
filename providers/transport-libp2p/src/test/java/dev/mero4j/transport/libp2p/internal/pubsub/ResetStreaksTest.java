package dev.mero4j.transport.libp2p.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResetStreaksTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ResetStreaks streaks = new ResetStreaks(now::get);

  private static PeerId peer(String name) {
    return new PeerId(name);
  }

  private List<OptionalLong> resetsOneSecondApart(PeerId p, int count) {
    List<OptionalLong> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(streaks.onReset(p));
      now.addAndGet(Duration.ofSeconds(1).toNanos());
    }
    return delays;
  }

  @Test
  void theFirstReopenIsImmediateThenDelaysDoubleUntilThePeerIsGivenUp() {
    List<OptionalLong> delays = resetsOneSecondApart(peer("p"), ResetStreaks.MAX_REOPENS + 1);
    long s = Duration.ofSeconds(1).toNanos();
    assertThat(delays.subList(0, ResetStreaks.MAX_REOPENS))
        .containsExactly(
            OptionalLong.of(0),
            OptionalLong.of(s),
            OptionalLong.of(2 * s),
            OptionalLong.of(4 * s),
            OptionalLong.of(8 * s),
            OptionalLong.of(16 * s));
    assertThat(delays.get(ResetStreaks.MAX_REOPENS)).isEmpty();
  }

  @Test
  void aQuietMinuteOrAReconnectionStartsANewStreakAndPeersAreCountedApart() {
    PeerId p = peer("p");
    resetsOneSecondApart(p, 3);
    assertThat(streaks.onReset(peer("q"))).hasValue(0);
    now.addAndGet(ResetStreaks.QUIET.toNanos());
    assertThat(streaks.onReset(p)).hasValue(0);
    assertThat(streaks.onReset(p)).hasValue(Duration.ofSeconds(1).toNanos());
    streaks.forget(p);
    assertThat(streaks.onReset(p)).hasValue(0);
  }
}
