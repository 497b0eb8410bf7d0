package dev.mero4j.transport.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Encrypts outbound bytes into Noise transport messages, coalescing every write up to a flush so
 * small frames share one ciphertext.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/noise/README.md#wire-format">wire
 *     format</a>
 */
final class NoiseTransportEncoder extends ChannelOutboundHandlerAdapter {
  private static final byte[] NO_AD = new byte[0];

  private final NoiseCipher cipher;
  private ByteBuf pending = Unpooled.EMPTY_BUFFER;
  private final List<ChannelPromise> promises = new ArrayList<>();

  NoiseTransportEncoder(NoiseCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    try {
      if (pending == Unpooled.EMPTY_BUFFER) {
        pending = ctx.alloc().heapBuffer(Math.max(1024, buf.readableBytes()));
      }
      pending.writeBytes(buf);
    } finally {
      ReferenceCountUtil.release(buf);
    }
    if (!promise.isVoid()) {
      promises.add(promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pending.isReadable()) {
      ByteBuf plain = pending;
      pending = Unpooled.EMPTY_BUFFER;
      List<ChannelPromise> waiting = new ArrayList<>(promises);
      promises.clear();
      try {
        while (plain.isReadable()) {
          int n = Math.min(plain.readableBytes(), NoiseProtocol.MAX_PLAINTEXT);
          byte[] chunk = new byte[n];
          plain.readBytes(chunk);
          byte[] ct = cipher.encrypt(NO_AD, chunk, 0, n);
          ByteBuf frame = ctx.alloc().buffer(2 + ct.length);
          frame.writeShort(ct.length);
          frame.writeBytes(ct);
          if (plain.isReadable() || waiting.isEmpty()) {
            ctx.write(frame, ctx.voidPromise());
          } else {
            ctx.write(frame)
                .addListener(
                    f -> {
                      for (ChannelPromise p : waiting) {
                        if (f.isSuccess()) {
                          p.trySuccess();
                        } else {
                          p.tryFailure(f.cause());
                        }
                      }
                    });
          }
        }
      } finally {
        plain.release();
      }
    }
    ctx.flush();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (pending != Unpooled.EMPTY_BUFFER) {
      pending.release();
      pending = Unpooled.EMPTY_BUFFER;
    }
  }
}
