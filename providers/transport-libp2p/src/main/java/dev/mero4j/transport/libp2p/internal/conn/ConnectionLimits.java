package dev.mero4j.transport.libp2p.internal.conn;

import java.time.Duration;

/**
 * Connection limits (defaults from Calimero: 8 per peer, 1024 total, 128 pending).
 *
 * @param maxPerPeer connections kept to one peer; more are closed after the handshake
 * @param maxTotal established connections in total
 * @param maxPending connections still in their handshake
 * @param handshakeTimeout a connection not upgraded by then (half-open, stalled) is dropped
 * @param pingInterval Yamux keep-alive period
 * @param pingTimeout silence after a ping that counts as a missed period
 */
public record ConnectionLimits(
    int maxPerPeer,
    int maxTotal,
    int maxPending,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pingTimeout) {
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(
          8, 1024, 128, Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(20));
}
