package dev.mero4j.transport.libp2p.internal.multistream;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes multistream-select lines: {@code uvarint(len) ‖ utf8(line) ‖ '\n'}.
 *
 * @see <a href="https://github.com/multiformats/multistream-select">multistream-select</a>
 */
public final class MultistreamCodec {
  private MultistreamCodec() {}

  public static ByteBuf encode(ByteBufAllocator alloc, MultistreamFrame... frames) {
    ByteBuf out = alloc.buffer();
    for (MultistreamFrame f : frames) {
      byte[] line = (f.line() + "\n").getBytes(StandardCharsets.UTF_8);
      Varint.write(out, line.length);
      out.writeBytes(line);
    }
    return out;
  }

  /** Decodes one frame, or returns null (index untouched) when more bytes are needed. */
  public static MultistreamFrame decode(ByteBuf in) {
    int start = in.readerIndex();
    long len = Varint.tryRead(in);
    if (len < 0) {
      return null;
    }
    if (len == 0 || len > MultistreamProtocol.MAX_LINE) {
      throw new ProtocolViolationException("multistream line of " + len + " bytes");
    }
    if (in.readableBytes() < len) {
      in.readerIndex(start);
      return null;
    }
    ByteBuf line = in.readSlice((int) len);
    if (line.getByte(line.writerIndex() - 1) != '\n') {
      throw new ProtocolViolationException("multistream line without newline");
    }
    return new MultistreamFrame(
        line.toString(line.readerIndex(), (int) len - 1, StandardCharsets.UTF_8));
  }
}
