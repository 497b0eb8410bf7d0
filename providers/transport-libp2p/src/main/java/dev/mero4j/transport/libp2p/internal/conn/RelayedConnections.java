package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A host's connections through circuit relays: the dialer of {@code /p2p-circuit} addresses and the
 * upgrade of relayed streams into ordinary (Noise, Yamux) connections.
 */
public final class RelayedConnections {
  private final Libp2pHost host;
  private volatile Function<Multiaddr, CompletableFuture<Connection>> dialer;
  private EventLoopGroup group;

  RelayedConnections(Libp2pHost host) {
    this.host = host;
  }

  /** Installs who dials {@code /p2p-circuit} addresses (the circuit relay client). */
  public void dialer(Function<Multiaddr, CompletableFuture<Connection>> circuitDialer) {
    this.dialer = circuitDialer;
  }

  void dial(Multiaddr address, CompletableFuture<Connection> result) {
    Function<Multiaddr, CompletableFuture<Connection>> d = dialer;
    if (d == null) {
      result.completeExceptionally(
          new PeerUnreachableException("no circuit relay client to dial " + address));
      return;
    }
    d.apply(address)
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(c);
              }
            });
  }

  /**
   * Upgrades a relayed stream (hop or stop) like a TCP connection: Noise, then Yamux; {@code
   * leftover} holds bytes already read past the relay handshake (released here); the connection's
   * remote address is {@code circuit}.
   */
  public CompletableFuture<Connection> upgrade(
      Libp2pStream stream, ByteBuf leftover, boolean outbound, PeerId expected, Multiaddr circuit) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    if (host.isClosed()) {
      leftover.release();
      stream.reset();
      result.completeExceptionally(new TransportClosedException("host closed"));
      return result;
    }
    StreamChannels.bridge(
        group(), stream, leftover, new Upgrader(host, outbound, expected, result, circuit), result);
    return result;
  }

  /** The event loop of relayed connections' pipelines (in-process channel pairs), made lazily. */
  private synchronized EventLoopGroup group() {
    if (group == null) {
      group = StreamChannels.newGroup();
    }
    return group;
  }

  synchronized void close() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
