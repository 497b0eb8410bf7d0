package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Splits a byte stream into unsigned-varint length-prefixed frames, rejecting oversized ones. */
public final class LengthPrefixedReader {
  private final int maxFrame;
  private ByteBuf buffer = Unpooled.EMPTY_BUFFER;

  public LengthPrefixedReader(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  /** Appends {@code data} (not released) and returns every complete frame. */
  public List<byte[]> feed(ByteBuf data) {
    if (!buffer.isReadable() && buffer != Unpooled.EMPTY_BUFFER) {
      buffer.release();
      buffer = Unpooled.EMPTY_BUFFER;
    }
    if (buffer == Unpooled.EMPTY_BUFFER) {
      buffer = Unpooled.buffer(Math.max(256, data.readableBytes()));
    }
    buffer.writeBytes(data);
    List<byte[]> frames = new ArrayList<>(1);
    while (buffer.isReadable()) {
      int start = buffer.readerIndex();
      long len = Varint.tryRead(buffer);
      if (len < 0) {
        break;
      }
      if (len > maxFrame) {
        throw new ProtocolViolationException("frame of " + len + " bytes exceeds " + maxFrame);
      }
      if (buffer.readableBytes() < len) {
        buffer.readerIndex(start);
        break;
      }
      byte[] frame = new byte[(int) len];
      buffer.readBytes(frame);
      frames.add(frame);
    }
    buffer.discardReadBytes();
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  public int pending() {
    return buffer.readableBytes();
  }

  public void release() {
    if (buffer != Unpooled.EMPTY_BUFFER) {
      buffer.release();
      buffer = Unpooled.EMPTY_BUFFER;
    }
  }

  /** Prefixes {@code payload} with its varint length. */
  public static byte[] frame(byte[] payload) {
    byte[] out = new byte[Varint.size(payload.length) + payload.length];
    int offset = Varint.write(out, 0, payload.length);
    System.arraycopy(payload, 0, out, offset, payload.length);
    return out;
  }
}
