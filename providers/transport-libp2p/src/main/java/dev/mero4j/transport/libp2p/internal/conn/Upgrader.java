package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.multistream.MultistreamNegotiationHandler;
import dev.mero4j.transport.libp2p.internal.noise.NoiseHandler;
import dev.mero4j.transport.libp2p.internal.noise.NoiseProtocol;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.yamux.YamuxHandler;
import dev.mero4j.transport.libp2p.internal.yamux.YamuxListener;
import dev.mero4j.transport.libp2p.internal.yamux.YamuxProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of a new TCP connection and drives its upgrade: multistream-select(/noise) →
 * Noise XX → multistream-select(/yamux/1.0.0) → Yamux.
 */
final class Upgrader extends ChannelInitializer<Channel> {
  private static final System.Logger LOG = System.getLogger(Upgrader.class.getName());

  private final Libp2pHost host;
  private final boolean outbound;
  private final PeerId expected;
  private final CompletableFuture<Connection> dialResult;
  private final Multiaddr relayedFrom;

  Upgrader(
      Libp2pHost host,
      boolean outbound,
      PeerId expected,
      CompletableFuture<Connection> dialResult) {
    this(host, outbound, expected, dialResult, null);
  }

  /** An upgrader for a relayed stream whose remote end is {@code relayedFrom} (a circuit). */
  Upgrader(
      Libp2pHost host,
      boolean outbound,
      PeerId expected,
      CompletableFuture<Connection> dialResult,
      Multiaddr relayedFrom) {
    this.host = host;
    this.outbound = outbound;
    this.expected = expected;
    this.dialResult = dialResult;
    this.relayedFrom = relayedFrom;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (!host.admitPending(ch)) {
      fail(new PeerUnreachableException("too many pending connections"));
      ch.close();
      return;
    }
    State state = new State();
    state.timeout =
        ch.eventLoop()
            .schedule(
                () -> {
                  LOG.log(Level.DEBUG, "handshake timed out with {0}", ch.remoteAddress());
                  fail(new PeerUnreachableException("handshake timed out"));
                  ch.close();
                },
                host.limits().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    ch.closeFuture()
        .addListener(
            f -> {
              state.timeout.cancel(false);
              if (!state.upgraded) {
                host.pendingDone();
                fail(new PeerUnreachableException("connection closed during the handshake"));
              }
            });
    ch.pipeline()
        .addLast(
            "mss-security",
            new MultistreamNegotiationHandler(
                outbound,
                List.of(NoiseProtocol.ID),
                (ctx, p) ->
                    ctx.pipeline()
                        .addAfter(
                            ctx.name(),
                            "noise",
                            new NoiseHandler(
                                outbound,
                                host.identity(),
                                host.random(),
                                expected,
                                (c, peer) -> onSecured(c, peer, state)))));
    ch.pipeline().addLast("errors", new ErrorHandler(state));
  }

  /** Per-connection upgrade progress. */
  private static final class State {
    ScheduledFuture<?> timeout;
    PeerId peer;
    boolean upgraded;
  }

  private void onSecured(ChannelHandlerContext ctx, PeerId peer, State state) {
    state.peer = peer;
    if (host.scores().graylisted(peer)) {
      fail(new PeerUnreachableException(peer + " is graylisted"));
      ctx.close();
      return;
    }
    ctx.pipeline()
        .addAfter(
            ctx.name(),
            "mss-muxer",
            new MultistreamNegotiationHandler(
                outbound, List.of(YamuxProtocol.ID), (c, p) -> onMuxed(c, peer, state)));
  }

  private void onMuxed(ChannelHandlerContext ctx, PeerId peer, State state) {
    YamuxHandler yamux =
        new YamuxHandler(
            outbound,
            peer,
            new YamuxListener() {
              @Override
              public void onInboundStream(Libp2pStream stream) {
                stream.handler(host.acceptStream(stream));
              }

              @Override
              public void onViolation(String reason) {
                host.violation(peer, reason);
              }
            },
            host.scores().clock(),
            host.streams(),
            host.limits().pingInterval(),
            host.limits().pingTimeout());
    ctx.pipeline().addAfter(ctx.name(), "yamux", yamux);
    Multiaddr remote =
        relayedFrom != null
            ? relayedFrom
            : Multiaddr.of((InetSocketAddress) ctx.channel().remoteAddress());
    Connection c = new Connection(peer, ctx.channel(), yamux, outbound, remote);
    state.timeout.cancel(false);
    state.upgraded = true;
    host.pendingDone();
    if (host.register(c) == null) {
      LOG.log(Level.DEBUG, "connection limit or graylist refused {0}", c);
      fail(new PeerUnreachableException("connection to " + peer + " refused by limits"));
      ctx.close();
      return;
    }
    if (dialResult != null && !dialResult.complete(c)) {
      // The dial already ended (it failed or timed out): nobody owns this connection.
      LOG.log(Level.DEBUG, "closing {0}: its dial already ended", c);
      c.abort();
    }
  }

  private void fail(Throwable t) {
    if (dialResult != null) {
      dialResult.completeExceptionally(t);
    }
  }

  /** Last handler: a protocol violation resets the connection and penalises the peer. */
  private final class ErrorHandler extends ChannelInboundHandlerAdapter {
    private final State state;

    ErrorHandler(State state) {
      this.state = state;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable root =
          cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
      if (root instanceof ProtocolViolationException) {
        LOG.log(Level.DEBUG, "protocol violation by {0}: {1}", state.peer, root.getMessage());
        host.violation(state.peer, root.getMessage());
        fail(root);
      } else if (!(root instanceof IOException)) {
        LOG.log(Level.WARNING, "unexpected error on connection to " + state.peer, root);
        fail(root);
      }
      ctx.close();
    }
  }
}
