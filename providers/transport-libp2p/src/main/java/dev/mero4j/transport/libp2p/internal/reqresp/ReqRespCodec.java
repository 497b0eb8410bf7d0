package dev.mero4j.transport.libp2p.internal.reqresp;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Encodes and decodes request/response frames ({@code uvarint(len) ‖ body}, at most 8 MiB). */
final class ReqRespCodec {
  private final LengthPrefixedReader reader = new LengthPrefixedReader(ReqRespProtocol.MAX_MESSAGE);

  static byte[] encode(ReqRespFrame frame) {
    return LengthPrefixedReader.frame(frame.body());
  }

  /** Feeds bytes; returns the frame once complete, null before; a second frame is a violation. */
  ReqRespFrame decode(ByteBuf data) {
    List<byte[]> frames = reader.feed(data);
    if (frames.size() > 1 || (frames.size() == 1 && reader.pending() > 0)) {
      throw new ProtocolViolationException("more than one message on a request/response stream");
    }
    return frames.isEmpty() ? null : new ReqRespFrame(frames.get(0));
  }

  void release() {
    reader.release();
  }
}
