package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.PeerId;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The relay's reservations, with their expiry and the total and per-IP limits. */
final class ReservationTable {
  /** One held reservation. */
  record Entry(String ip, Instant expires) {}

  private final RelayLimits limits;
  private final Clock clock;
  private final Predicate<PeerId> connected;
  private final Map<PeerId, Entry> entries = new HashMap<>();

  /** {@code connected} tells whether a holder is still connected (else its slot is freed). */
  ReservationTable(RelayLimits limits, Clock clock, Predicate<PeerId> connected) {
    this.limits = limits;
    this.clock = clock;
    this.connected = connected;
  }

  /**
   * Grants or refreshes {@code peer}'s reservation; returns its expiry, or null when a limit
   * refuses it.
   */
  synchronized Instant reserve(PeerId peer, String ip) {
    expire();
    Entry existing = entries.get(peer);
    if (existing == null) {
      long fromIp = entries.values().stream().filter(e -> e.ip().equals(ip)).count();
      if (entries.size() >= limits.maxReservations() || fromIp >= limits.maxReservationsPerIp()) {
        return null;
      }
    }
    Instant expires = clock.instant().plus(limits.reservationTtl());
    entries.put(peer, new Entry(ip, expires));
    return expires;
  }

  synchronized boolean holds(PeerId peer) {
    Entry e = entries.get(peer);
    return e != null && e.expires().isAfter(clock.instant());
  }

  synchronized void remove(PeerId peer) {
    entries.remove(peer);
  }

  synchronized int size() {
    expire();
    return entries.size();
  }

  private void expire() {
    Instant now = clock.instant();
    entries
        .entrySet()
        .removeIf(e -> !e.getValue().expires().isAfter(now) || !connected.test(e.getKey()));
  }
}
