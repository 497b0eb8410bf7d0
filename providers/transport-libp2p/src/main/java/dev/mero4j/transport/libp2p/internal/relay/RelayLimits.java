package dev.mero4j.transport.libp2p.internal.relay;

import java.time.Duration;

/**
 * What a relay grants: reservations (in total, per IP; one per peer, which a refresh replaces),
 * their lifetime, circuits (in total, per peer) and each circuit's duration and bytes per
 * direction.
 *
 * @param maxReservations reservations held at once
 * @param maxReservationsPerIp reservations from one IP address
 * @param reservationTtl how long a reservation lasts unless refreshed
 * @param maxCircuits relayed connections at once
 * @param maxCircuitsPerPeer relayed connections to or from one peer
 * @param circuitDuration longest life of a relayed connection
 * @param circuitBytes bytes relayed in each direction before the circuit is reset
 */
public record RelayLimits(
    int maxReservations,
    int maxReservationsPerIp,
    Duration reservationTtl,
    int maxCircuits,
    int maxCircuitsPerPeer,
    Duration circuitDuration,
    long circuitBytes) {

  /**
   * The defaults of a Mero4j relay: generous enough to carry a join (app fetch, catch-up) before
   * hole punching replaces the circuit, small enough for a volunteer's node.
   */
  public static final RelayLimits DEFAULTS =
      new RelayLimits(
          128, 4, Duration.ofHours(1), 64, 8, Duration.ofMinutes(10), 64L * 1024 * 1024);

  public RelayLimits {
    if (maxReservations < 0 || maxReservationsPerIp < 1) {
      throw new IllegalArgumentException("reservation limits must be positive");
    }
    if (maxCircuits < 0 || maxCircuitsPerPeer < 1 || circuitBytes < 1) {
      throw new IllegalArgumentException("circuit limits must be positive");
    }
  }

  public RelayLimits withCircuit(Duration duration, long bytes) {
    return new RelayLimits(
        maxReservations,
        maxReservationsPerIp,
        reservationTtl,
        maxCircuits,
        maxCircuitsPerPeer,
        duration,
        bytes);
  }

  public RelayLimits withReservations(int total, int perIp, Duration ttl) {
    return new RelayLimits(
        total, perIp, ttl, maxCircuits, maxCircuitsPerPeer, circuitDuration, circuitBytes);
  }
}
