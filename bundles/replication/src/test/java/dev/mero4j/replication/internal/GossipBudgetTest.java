package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.PeerId;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Peer ids minted on one host share that host's budget of buffered gossip, and another host still
 * gets through (issue 16, item 6).
 */
class GossipBudgetTest {
  private static final int PER_PEER = 16;
  private static final int SIZE = 1024;

  private final GossipBudget budget =
      new GossipBudget(Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));

  /** Mints peer ids on {@code host}, each leaving {@link #PER_PEER} envelopes, until refused. */
  private int mintUntilRefused(Optional<RemoteHost> host, String prefix) {
    int minted = 0;
    while (minted < 10_000 && budget.allows(new PeerId(prefix + minted), host)) {
      PeerId id = new PeerId(prefix + minted++);
      for (int i = 0; i < PER_PEER; i++) {
        assertThat(budget.charge(id, host, SIZE))
            .as("no minted id exhausts its own budget")
            .isFalse();
      }
    }
    return minted;
  }

  @Test
  void peerIdsMintedOnOneHostShareItsBudgetWhileAnotherHostGetsThrough() throws Exception {
    Optional<RemoteHost> sybil = Optional.of(RemoteHost.of(InetAddress.getByName("203.0.113.7")));
    Optional<RemoteHost> other = Optional.of(RemoteHost.of(InetAddress.getByName("203.0.113.8")));

    int minted = mintUntilRefused(sybil, "12D3KooWminted");

    assertThat(minted * PER_PEER)
        .isGreaterThan(GossipBudget.MAX_BUFFERED_PER_HOST)
        .isLessThanOrEqualTo(GossipBudget.MAX_BUFFERED_PER_HOST + PER_PEER);
    assertThat(budget.allows(new PeerId("12D3KooWfresh"), sybil)).isFalse();
    assertThat(budget.chargedBytes(sybil.get()))
        .isLessThanOrEqualTo((GossipBudget.MAX_BUFFERED_PER_HOST + PER_PEER) * (long) SIZE);
    assertThat(budget.allows(new PeerId("12D3KooWhonest"), other)).isTrue();
    assertThat(budget.allows(new PeerId("12D3KooWunknownHost"), Optional.empty())).isTrue();
  }

  @Test
  void peersOnThisMachineShareALargerBudget() {
    int minted = mintUntilRefused(Optional.of(RemoteHost.LOOPBACK), "12D3KooWlocal");

    assertThat(minted * PER_PEER)
        .isGreaterThan(GossipBudget.LOOPBACK_HOSTS * GossipBudget.MAX_BUFFERED_PER_HOST)
        .isLessThanOrEqualTo(
            GossipBudget.LOOPBACK_HOSTS * GossipBudget.MAX_BUFFERED_PER_HOST + PER_PEER);
  }
}
