package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamNegotiator;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.yamux.YamuxHandler;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** An upgraded (Noise + Yamux) connection to one remote peer. */
public final class Connection {
  private final PeerId peer;
  private final Channel channel;
  private final YamuxHandler yamux;
  private final boolean outbound;
  private final Multiaddr remoteAddress;

  Connection(
      PeerId peer, Channel channel, YamuxHandler yamux, boolean outbound, Multiaddr remoteAddress) {
    this.peer = peer;
    this.channel = channel;
    this.yamux = yamux;
    this.outbound = outbound;
    this.remoteAddress = remoteAddress;
  }

  public PeerId peer() {
    return peer;
  }

  public boolean outbound() {
    return outbound;
  }

  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  /** True when the bytes travel through a circuit relay. */
  public boolean relayed() {
    return remoteAddress.isRelayed();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  Channel channel() {
    return channel;
  }

  /** Runs {@code action} once this connection has closed (at once when it already has). */
  public void whenClosed(Runnable action) {
    channel.closeFuture().addListener(f -> action.run());
  }

  public int streamCount() {
    return yamux.streamCount();
  }

  /** True when {@code stream} runs over this connection. */
  public boolean carries(Libp2pStream stream) {
    return yamux.carries(stream);
  }

  /**
   * Opens a stream and negotiates the first of {@code protocols} the peer supports; {@code
   * onSelected} creates the handler for the agreed protocol.
   */
  public CompletableFuture<Libp2pStream> openStream(
      List<String> protocols, BiFunction<Libp2pStream, String, StreamHandler> onSelected) {
    CompletableFuture<Libp2pStream> result = new CompletableFuture<>();
    StreamNegotiator negotiator = StreamNegotiator.outbound(protocols, onSelected, result);
    yamux
        .openStream(negotiator)
        .whenComplete(
            (stream, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else {
                negotiator.start(stream);
              }
            });
    return result;
  }

  /** Closes gracefully (Yamux go-away). */
  public void close() {
    yamux.goAway();
  }

  /** Drops the TCP connection at once. */
  public void abort() {
    channel.close();
  }

  @Override
  public String toString() {
    return (outbound ? "outbound" : "inbound")
        + (relayed() ? " relayed" : "")
        + " connection to "
        + peer
        + " at "
        + remoteAddress;
  }
}
