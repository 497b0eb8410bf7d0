package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.PeerId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refusals are counted in total and by the peer whose message led to them, for boundedly many. */
class RejectionsTest {
  @Test
  void refusalsAreCountedByPeerAndInTotal() {
    Rejections rejections = new Rejections();
    PeerId a = new PeerId("a");
    PeerId b = new PeerId("b");
    rejections.add(a);
    rejections.add(a, 3);
    rejections.add(b, 0);
    rejections.add(b, -2);
    rejections.add(b);
    assertThat(rejections.total()).isEqualTo(5);
    assertThat(rejections.byPeer()).isEqualTo(Map.of(a, 4L, b, 1L));
  }

  @Test
  void onlyTheMostRecentlyCountedPeersAreRemembered() {
    Rejections rejections = new Rejections();
    PeerId first = new PeerId("first");
    rejections.add(first);
    for (int i = 0; i < Rejections.MAX_PEERS; i++) {
      rejections.add(new PeerId("p" + i));
    }
    assertThat(rejections.byPeer()).hasSize(Rejections.MAX_PEERS).doesNotContainKey(first);
    assertThat(rejections.total()).isEqualTo(Rejections.MAX_PEERS + 1L);
    rejections.add(new PeerId("p1"));
    rejections.add(new PeerId("late"));
    assertThat(rejections.byPeer())
        .containsKey(new PeerId("p1"))
        .doesNotContainKey(new PeerId("p0"));
  }
}
