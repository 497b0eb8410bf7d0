package dev.mero4j.transport.libp2p.internal.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Negotiates one protocol on a whole channel (security, then muxer), installs the next stage via
 * {@code onSelected} and removes itself so that any pipelined bytes flow to that stage.
 */
public final class MultistreamNegotiationHandler extends ByteToMessageDecoder {
  private final boolean dialer;
  private final List<String> protocols;
  private final BiConsumer<ChannelHandlerContext, String> onSelected;
  private MultistreamHandler machine;
  private boolean started;

  public MultistreamNegotiationHandler(
      boolean dialer,
      List<String> protocols,
      BiConsumer<ChannelHandlerContext, String> onSelected) {
    this.dialer = dialer;
    this.protocols = List.copyOf(protocols);
    this.onSelected = onSelected;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Set<String> supported = Set.copyOf(protocols);
    machine =
        dialer
            ? MultistreamHandler.dialer(protocols, b -> ctx.writeAndFlush(b), ctx.alloc())
            : MultistreamHandler.listener(
                supported::contains, b -> ctx.writeAndFlush(b), ctx.alloc());
    if (ctx.channel().isActive()) {
      start();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start();
    super.channelActive(ctx);
  }

  /**
   * Sends the opening once: a channel that is already active when the handler is added (an
   * in-process channel carrying a relayed stream) also reports channelActive afterwards.
   */
  private void start() {
    if (!started) {
      started = true;
      machine.start();
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (ctx.isRemoved()) {
      return;
    }
    String selected = machine.onData(in);
    if (selected != null) {
      onSelected.accept(ctx, selected);
      ctx.pipeline().remove(this);
    }
  }
}
