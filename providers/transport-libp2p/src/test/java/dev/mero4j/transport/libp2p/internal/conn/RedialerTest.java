package dev.mero4j.transport.libp2p.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedialerTest {
  @Test
  void backoffDoublesWithJitterUpToTheCap() {
    Redialer r =
        new Redialer(null, null, new Random(1), Duration.ofSeconds(1), Duration.ofSeconds(60));
    assertThat(r.delayMillis(0)).isBetween(750L, 1250L);
    assertThat(r.delayMillis(1)).isBetween(1500L, 2500L);
    assertThat(r.delayMillis(3)).isBetween(6000L, 10000L);
    assertThat(r.delayMillis(30)).isBetween(45_000L, 75_000L);
  }
}
