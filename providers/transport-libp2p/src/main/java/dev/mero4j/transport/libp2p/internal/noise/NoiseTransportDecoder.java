package dev.mero4j.transport.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decrypts Noise transport messages ({@code u16 length ‖ ciphertext ‖ tag}) into plaintext buffers.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/noise/README.md#wire-format">wire
 *     format</a>
 */
final class NoiseTransportDecoder extends ByteToMessageDecoder {
  private final NoiseCipher cipher;
  private static final byte[] NO_AD = new byte[0];

  NoiseTransportDecoder(NoiseCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 2) {
      int len = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + len) {
        return;
      }
      in.skipBytes(2);
      byte[] ct = new byte[len];
      in.readBytes(ct);
      out.add(Unpooled.wrappedBuffer(cipher.decrypt(NO_AD, ct, 0, len)));
    }
  }
}
