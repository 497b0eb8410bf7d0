package dev.mero4j.transport.libp2p.internal.yamux;

import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes and decodes the 12-byte big-endian Yamux header ({@code version u8, type u8, flags u16,
 * stream id u32, length u32}) and data payloads.
 *
 * @see <a href="https://github.com/hashicorp/yamux/blob/master/spec.md#framing">framing</a>
 */
final class YamuxCodec {
  private YamuxCodec() {}

  static ByteBuf header(ByteBufAllocator alloc, int type, int flags, int streamId, long length) {
    ByteBuf out = alloc.buffer(YamuxProtocol.HEADER_LENGTH);
    out.writeByte(YamuxProtocol.VERSION);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
    return out;
  }

  /**
   * Decodes one frame or returns null (index untouched) when incomplete; a data payload longer than
   * {@code maxData} is a protocol violation.
   */
  static YamuxFrame decode(ByteBuf in, int maxData) {
    if (in.readableBytes() < YamuxProtocol.HEADER_LENGTH) {
      return null;
    }
    int start = in.readerIndex();
    int version = in.getUnsignedByte(start);
    int type = in.getUnsignedByte(start + 1);
    if (version != YamuxProtocol.VERSION) {
      throw new ProtocolViolationException("yamux version " + version);
    }
    if (type > YamuxProtocol.TYPE_GO_AWAY) {
      throw new ProtocolViolationException("yamux frame type " + type);
    }
    int flags = in.getUnsignedShort(start + 2);
    int streamId = in.getInt(start + 4);
    long length = in.getUnsignedInt(start + 8);
    if (type != YamuxProtocol.TYPE_DATA) {
      in.skipBytes(YamuxProtocol.HEADER_LENGTH);
      return new YamuxFrame(type, flags, streamId, length, null);
    }
    if (length > maxData) {
      throw new ProtocolViolationException(
          "yamux data frame of " + length + " bytes exceeds the window");
    }
    if (in.readableBytes() < YamuxProtocol.HEADER_LENGTH + length) {
      return null;
    }
    in.skipBytes(YamuxProtocol.HEADER_LENGTH);
    return new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length));
  }
}
