package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reads one varint length-prefixed message from a stream and hands it over with the bytes that
 * followed it (the start of the relayed data), which the receiver then owns.
 */
final class FrameReader implements StreamHandler {
  /** Receives the message, or the reason none came. */
  interface Receiver {
    /** The message and the bytes after it ({@code rest} must be released). */
    void onFrame(Libp2pStream stream, byte[] frame, ByteBuf rest);

    /** The stream ended, was reset or sent a malformed frame before a message came. */
    void onFailure(Libp2pStream stream, String reason);
  }

  private final int maxFrame;
  private final Receiver receiver;
  private ByteBuf buffer = Unpooled.buffer(64);
  private boolean done;

  FrameReader(int maxFrame, Receiver receiver) {
    this.maxFrame = maxFrame;
    this.receiver = receiver;
  }

  /** True once a message came or the stream failed. */
  synchronized boolean done() {
    return done;
  }

  @Override
  public synchronized void onData(Libp2pStream stream, ByteBuf data) {
    if (done) {
      return;
    }
    buffer.writeBytes(data);
    int start = buffer.readerIndex();
    long len = Varint.tryRead(buffer);
    if (len < 0) {
      buffer.readerIndex(start);
      return;
    }
    if (len > maxFrame) {
      String reason = "relay message of " + len + " bytes over " + maxFrame;
      finish();
      receiver.onFailure(stream, reason);
      throw new ProtocolViolationException(reason);
    }
    if (buffer.readableBytes() < len) {
      buffer.readerIndex(start);
      return;
    }
    byte[] frame = new byte[(int) len];
    buffer.readBytes(frame);
    ByteBuf rest = buffer;
    buffer = Unpooled.EMPTY_BUFFER;
    done = true;
    receiver.onFrame(stream, frame, rest);
  }

  @Override
  public synchronized void onRemoteClose(Libp2pStream stream) {
    if (finish()) {
      receiver.onFailure(stream, "stream closed before the relay message");
      stream.reset();
    }
  }

  @Override
  public synchronized void onReset(Libp2pStream stream) {
    if (finish()) {
      receiver.onFailure(stream, "stream reset before the relay message");
    }
  }

  private boolean finish() {
    if (done) {
      return false;
    }
    done = true;
    buffer.release();
    buffer = Unpooled.EMPTY_BUFFER;
    return true;
  }
}
