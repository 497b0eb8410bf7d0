package dev.mero4j.transport.libp2p.internal.autonat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.api.PeerId;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static PeerId peer(int i) {
    return new PeerId("peer-" + i);
  }

  @Test
  void threeAgreeingPeersFlipTheVerdictAndOnePeerCountsOnce() {
    Verdicts v = new Verdicts();
    v.record(peer(1), true);
    v.record(peer(1), true);
    assertThat(v.record(peer(2), true)).isEqualTo(Reachability.UNKNOWN);
    assertThat(v.record(peer(3), true)).isEqualTo(Reachability.PUBLIC);
  }

  @Test
  void aMinorityOfFailuresDoesNotFlipAndAMajorityDoes() {
    Verdicts v = new Verdicts();
    for (int i = 0; i < 3; i++) {
      v.record(peer(i), true);
    }
    for (int i = 10; i < 13; i++) {
      assertThat(v.record(peer(i), false)).isEqualTo(Reachability.PUBLIC);
    }
    assertThat(v.record(peer(13), false)).isEqualTo(Reachability.PRIVATE);
    // Peers that answered again replace their old answers.
    for (int i = 0; i < 3; i++) {
      v.record(peer(i), false);
    }
    assertThat(v.verdict()).isEqualTo(Reachability.PRIVATE);
  }

  @Test
  void onlyTheLatestPeersAreKept() {
    Verdicts v = new Verdicts();
    for (int i = 0; i < Verdicts.MAX_PEERS; i++) {
      v.record(peer(i), false);
    }
    for (int i = 100; i < 100 + Verdicts.MAX_PEERS / 2 + 1; i++) {
      v.record(peer(i), true);
    }
    assertThat(v.verdict()).isEqualTo(Reachability.PUBLIC);
  }
}
