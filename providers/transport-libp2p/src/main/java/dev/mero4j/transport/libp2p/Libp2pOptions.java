package dev.mero4j.transport.libp2p;

import dev.mero4j.transport.libp2p.internal.conn.ConnectionLimits;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * libp2p-specific settings; start from {@link #defaults()} and adjust with the {@code with…}
 * methods.
 *
 * @param agentVersion sent in identify
 * @param maxConnectionsPerPeer connections kept to one peer (Calimero: 8)
 * @param maxConnections established connections in total (Calimero: 1024)
 * @param maxPendingConnections connections still in their handshake (Calimero: 128)
 * @param handshakeTimeout a connection not secured and multiplexed by then is dropped
 * @param pingInterval Yamux keep-alive period
 * @param pingTimeout silence after a keep-alive ping that counts as one missed period (three in a
 *     row close the connection)
 * @param redialMin first delay before re-dialling a lost bootstrap peer
 * @param redialMax longest delay between re-dials
 * @param ioThreads Netty event-loop threads
 * @param secureRandom key material (Noise ephemerals, ping payloads)
 * @param random non-secret choices (mesh selection, jitter), seedable for tests
 * @param nanoClock monotonic time source
 */
public record Libp2pOptions(
    String agentVersion,
    int maxConnectionsPerPeer,
    int maxConnections,
    int maxPendingConnections,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    Duration redialMin,
    Duration redialMax,
    int ioThreads,
    SecureRandom secureRandom,
    Random random,
    LongSupplier nanoClock) {

  /** The version this provider reports as {@code mero4j/<version>}. */
  public static final String VERSION = "0.1.0";

  public static Libp2pOptions defaults() {
    return new Libp2pOptions(
        "mero4j/" + VERSION,
        8,
        1024,
        128,
        Duration.ofSeconds(15),
        Duration.ofSeconds(15),
        Duration.ofSeconds(20),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        2,
        new SecureRandom(),
        new SecureRandom(),
        System::nanoTime);
  }

  public Libp2pOptions withHandshakeTimeout(Duration timeout) {
    return new Libp2pOptions(
        agentVersion,
        maxConnectionsPerPeer,
        maxConnections,
        maxPendingConnections,
        timeout,
        pingInterval,
        pingTimeout,
        redialMin,
        redialMax,
        ioThreads,
        secureRandom,
        random,
        nanoClock);
  }

  public Libp2pOptions withKeepAlive(Duration interval, Duration timeout) {
    return new Libp2pOptions(
        agentVersion,
        maxConnectionsPerPeer,
        maxConnections,
        maxPendingConnections,
        handshakeTimeout,
        interval,
        timeout,
        redialMin,
        redialMax,
        ioThreads,
        secureRandom,
        random,
        nanoClock);
  }

  public Libp2pOptions withLimits(int perPeer, int total, int pending) {
    return new Libp2pOptions(
        agentVersion,
        perPeer,
        total,
        pending,
        handshakeTimeout,
        pingInterval,
        pingTimeout,
        redialMin,
        redialMax,
        ioThreads,
        secureRandom,
        random,
        nanoClock);
  }

  public Libp2pOptions withRedial(Duration min, Duration max) {
    return new Libp2pOptions(
        agentVersion,
        maxConnectionsPerPeer,
        maxConnections,
        maxPendingConnections,
        handshakeTimeout,
        pingInterval,
        pingTimeout,
        min,
        max,
        ioThreads,
        secureRandom,
        random,
        nanoClock);
  }

  /** Seeds the non-secret randomness (mesh choices, jitter, mDNS names) for reproducible runs. */
  public Libp2pOptions withRandom(Random seeded) {
    return new Libp2pOptions(
        agentVersion,
        maxConnectionsPerPeer,
        maxConnections,
        maxPendingConnections,
        handshakeTimeout,
        pingInterval,
        pingTimeout,
        redialMin,
        redialMax,
        ioThreads,
        secureRandom,
        seeded,
        nanoClock);
  }

  /** The connection limits these options set, for the host. */
  ConnectionLimits connectionLimits() {
    return new ConnectionLimits(
        maxConnectionsPerPeer,
        maxConnections,
        maxPendingConnections,
        handshakeTimeout,
        pingInterval,
        pingTimeout);
  }
}
