package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a relayed stream into a Netty channel, so that the TCP upgrade pipeline (Noise, Yamux) runs
 * over it unchanged: a pair of in-process local channels, one end carrying the pipeline, the other
 * copying bytes to and from the stream.
 */
final class StreamChannels {
  private StreamChannels() {}

  /** Bytes a relayed stream may deliver while its channel pair is still being set up. */
  static final int MAX_EARLY_BYTES = 256 * 1024;

  /** Threads running the pipelines (Noise, Yamux) of one host's relayed connections. */
  static final int THREADS = 1;

  /** An event loop group for local channels, with daemon threads. */
  static EventLoopGroup newGroup() {
    return new MultiThreadIoEventLoopGroup(
        THREADS,
        new DefaultThreadFactory("mero4j-libp2p-relayed", true),
        LocalIoHandler.newFactory());
  }

  /**
   * Bridges {@code stream} to a new channel initialised by {@code pipeline}; {@code leftover} is
   * fed first; {@code failed} is completed exceptionally when the bridge cannot be built.
   */
  static void bridge(
      EventLoopGroup group,
      Libp2pStream stream,
      ByteBuf leftover,
      ChannelHandler pipeline,
      CompletableFuture<?> failed) {
    FromStream inbound = new FromStream(leftover);
    stream.handler(inbound);
    new ServerBootstrap()
        .group(group)
        .channel(LocalServerChannel.class)
        .childHandler(pipeline)
        .bind(new LocalAddress(LocalAddress.class))
        .addListener(
            (ChannelFuture bound) -> {
              if (!bound.isSuccess()) {
                fail(stream, inbound, failed, bound.cause());
                return;
              }
              connect(group, stream, inbound, bound.channel(), failed);
            });
  }

  private static void connect(
      EventLoopGroup group,
      Libp2pStream stream,
      FromStream inbound,
      Channel server,
      CompletableFuture<?> failed) {
    new Bootstrap()
        .group(group)
        .channel(LocalChannel.class)
        .handler(new ToStream(stream))
        .connect(server.localAddress())
        .addListener(
            (ChannelFuture f) -> {
              server.close();
              if (f.isSuccess()) {
                inbound.attach(f.channel());
              } else {
                fail(stream, inbound, failed, f.cause());
              }
            });
  }

  private static void fail(
      Libp2pStream stream, FromStream inbound, CompletableFuture<?> failed, Throwable cause) {
    inbound.discard();
    stream.reset();
    failed.completeExceptionally(
        new PeerUnreachableException("cannot bridge a relayed stream", cause));
  }

  /** Channel end → stream: what the pipeline writes goes out on the relayed stream. */
  private static final class ToStream extends ChannelInboundHandlerAdapter {
    private final Libp2pStream stream;

    ToStream(Libp2pStream stream) {
      this.stream = stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      stream.write((ByteBuf) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stream.reset();
    }
  }

  /** Stream → channel end: relayed bytes enter the pipeline; an ended stream closes it. */
  private static final class FromStream implements StreamHandler {
    private Channel end;
    private ByteBuf early;
    private boolean ended;

    FromStream(ByteBuf leftover) {
      this.early = leftover;
    }

    synchronized void attach(Channel channel) {
      end = channel;
      if (early.isReadable()) {
        end.writeAndFlush(early);
      } else {
        early.release();
      }
      early = null;
      if (ended) {
        end.close();
      }
    }

    synchronized void discard() {
      if (early != null) {
        early.release();
        early = null;
      }
    }

    @Override
    public synchronized void onData(Libp2pStream stream, ByteBuf data) {
      if (end != null) {
        end.writeAndFlush(data.retain());
        return;
      }
      if (early == null) {
        return;
      }
      if (early.readableBytes() + data.readableBytes() > MAX_EARLY_BYTES) {
        throw new ProtocolViolationException("relayed peer sent too much before the upgrade");
      }
      early = Unpooled.wrappedBuffer(early, data.retain());
    }

    @Override
    public void onRemoteClose(Libp2pStream stream) {
      close();
    }

    @Override
    public void onReset(Libp2pStream stream) {
      close();
    }

    private synchronized void close() {
      ended = true;
      if (end != null) {
        end.close();
      }
    }
  }
}
