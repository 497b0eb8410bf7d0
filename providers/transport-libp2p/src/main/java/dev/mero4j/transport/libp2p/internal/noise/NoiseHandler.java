package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs the Noise XX handshake on a channel, then replaces itself with the transport encoder/decoder
 * and hands over (via {@code onSecured}) so the next stage can be installed before any further byte
 * is read.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/noise/README.md">libp2p noise</a>
 */
public final class NoiseHandler extends ByteToMessageDecoder {
  public static final String DECODER_NAME = "noise-decoder";
  public static final String ENCODER_NAME = "noise-encoder";

  private final NoiseHandshake handshake;
  private final PeerId expectedPeer;
  private final BiConsumer<ChannelHandlerContext, PeerId> onSecured;
  private int step;

  public NoiseHandler(
      boolean initiator,
      KeyPair identity,
      SecureRandom random,
      PeerId expectedPeer,
      BiConsumer<ChannelHandlerContext, PeerId> onSecured) {
    this.handshake = new NoiseHandshake(initiator, identity, random);
    this.expectedPeer = expectedPeer;
    this.onSecured = onSecured;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (handshake.initiator()) {
      send(ctx, handshake.writeMessage1());
      step = 1;
    }
  }

  private static void send(ChannelHandlerContext ctx, byte[] msg) {
    ByteBuf out = ctx.alloc().buffer(2 + msg.length);
    out.writeShort(msg.length);
    out.writeBytes(msg);
    ctx.writeAndFlush(out);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!ctx.isRemoved() && in.readableBytes() >= 2) {
      int len = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + len) {
        return;
      }
      in.skipBytes(2);
      byte[] msg = new byte[len];
      in.readBytes(msg);
      onMessage(ctx, msg);
    }
  }

  private void onMessage(ChannelHandlerContext ctx, byte[] msg) {
    if (handshake.initiator()) {
      if (step != 1) {
        throw new ProtocolViolationException("unexpected noise message after the handshake");
      }
      handshake.readMessage2(msg);
      checkPeer();
      send(ctx, handshake.writeMessage3());
      finish(ctx);
    } else if (step == 0) {
      handshake.readMessage1(msg);
      send(ctx, handshake.writeMessage2());
      step = 2;
    } else {
      handshake.readMessage3(msg);
      checkPeer();
      finish(ctx);
    }
  }

  private void checkPeer() {
    if (expectedPeer != null && !expectedPeer.equals(handshake.remotePeer())) {
      throw new ProtocolViolationException(
          "dialled " + expectedPeer + " but reached " + handshake.remotePeer());
    }
  }

  private void finish(ChannelHandlerContext ctx) {
    NoiseSession session = handshake.split();
    ctx.pipeline().addAfter(ctx.name(), DECODER_NAME, new NoiseTransportDecoder(session.receive()));
    ctx.pipeline().addAfter(ctx.name(), ENCODER_NAME, new NoiseTransportEncoder(session.send()));
    onSecured.accept(ctx.pipeline().context(DECODER_NAME), handshake.remotePeer());
    ctx.pipeline().remove(this);
  }
}
