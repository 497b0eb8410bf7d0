package dev.mero4j.transport.libp2p.internal.ping;

import io.netty.buffer.ByteBuf;

/**
 * Ping frames are raw 32-byte payloads with no length prefix.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/ping/ping.md">ping</a>
 */
final class PingCodec {
  private PingCodec() {}

  /** Reads a complete frame or returns null when fewer than 32 bytes are buffered. */
  static PingFrame decode(ByteBuf in) {
    if (in.readableBytes() < PingProtocol.PAYLOAD) {
      return null;
    }
    byte[] b = new byte[PingProtocol.PAYLOAD];
    in.readBytes(b);
    return new PingFrame(b);
  }
}
