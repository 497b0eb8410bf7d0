package dev.mero4j.transport.libp2p.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.PeerId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerScoresTest {
  @Test
  void aViolationGraylistsAndThePenaltyDecaysOverTime() {
    AtomicLong clock = new AtomicLong();
    PeerScores scores = new PeerScores(clock::get);
    PeerId p = new PeerId("p");
    assertThat(scores.graylisted(p)).isFalse();
    scores.penalize(p, PeerScores.PROTOCOL_VIOLATION);
    assertThat(scores.graylisted(p)).isTrue();
    clock.addAndGet(600_000_000_000L);
    assertThat(scores.score(p)).isCloseTo(-50, org.assertj.core.data.Offset.offset(0.001));
    assertThat(scores.graylisted(p)).isFalse();
  }
}
