package dev.mero4j.transport.libp2p.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The relay's reservation limits: total, per IP, expiry and disconnection. */
class ReservationTableTest {
  private static PeerId peer(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    return PeerIds.of(dev.mero4j.primitives.KeyPair.fromSeed(seed).publicKey());
  }

  /** A clock tests move by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final Set<PeerId> disconnected = new HashSet<>();
  private final ReservationTable table =
      new ReservationTable(
          RelayLimits.DEFAULTS.withReservations(3, 2, Duration.ofMinutes(10)),
          clock,
          p -> !disconnected.contains(p));

  @Test
  void oneIpGetsNoMoreThanItsShareAndTheTotalIsCapped() {
    assertThat(table.reserve(peer(1), "10.0.0.1")).isEqualTo(clock.now.plusSeconds(600));
    assertThat(table.reserve(peer(2), "10.0.0.1")).isNotNull();
    assertThat(table.reserve(peer(3), "10.0.0.1")).isNull();
    assertThat(table.reserve(peer(4), "10.0.0.2")).isNotNull();
    assertThat(table.reserve(peer(5), "10.0.0.3")).isNull();
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void aRefreshExtendsWithoutTakingASecondSlot() {
    table.reserve(peer(1), "10.0.0.1");
    clock.now = clock.now.plusSeconds(300);
    assertThat(table.reserve(peer(1), "10.0.0.1")).isEqualTo(clock.now.plusSeconds(600));
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void expiredAndDisconnectedHoldersFreeTheirSlots() {
    table.reserve(peer(1), "10.0.0.1");
    table.reserve(peer(2), "10.0.0.2");
    table.reserve(peer(3), "10.0.0.3");
    clock.now = clock.now.plusSeconds(601);
    assertThat(table.holds(peer(1))).isFalse();
    assertThat(table.reserve(peer(4), "10.0.0.4")).isNotNull();
    table.reserve(peer(5), "10.0.0.5");
    table.reserve(peer(6), "10.0.0.6");
    disconnected.add(peer(5));
    assertThat(table.reserve(peer(7), "10.0.0.7")).isNotNull();
    assertThat(table.holds(peer(5))).isFalse();
  }
}
