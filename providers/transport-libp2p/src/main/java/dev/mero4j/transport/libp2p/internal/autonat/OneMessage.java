package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reads the one varint length-prefixed message an AutoNAT stream carries, buffering at most {@link
 * AutoNatMessage#MAX_MESSAGE} bytes; anything after it is ignored.
 */
final class OneMessage implements StreamHandler {
  /** Receives the message or the reason none came; called at most once. */
  interface Receiver {
    void onMessage(Libp2pStream stream, byte[] message);

    /**
     * No usable message: {@code oversized} when the peer announced one over the limit, else the
     * stream ended or was reset first.
     */
    void onFailure(Libp2pStream stream, String reason, boolean oversized);
  }

  private final Receiver receiver;
  private ByteBuf buffer = Unpooled.buffer(64);
  private boolean done;

  OneMessage(Receiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public void onData(Libp2pStream stream, ByteBuf data) {
    byte[] message;
    synchronized (this) {
      if (done) {
        return;
      }
      buffer.writeBytes(data);
      int start = buffer.readerIndex();
      long len = readLength();
      if (len < 0) {
        return;
      }
      if (len > AutoNatMessage.MAX_MESSAGE) {
        finish();
        receiver.onFailure(stream, "message length over " + AutoNatMessage.MAX_MESSAGE, true);
        return;
      }
      if (buffer.readableBytes() < len) {
        buffer.readerIndex(start);
        return;
      }
      message = new byte[(int) len];
      buffer.readBytes(message);
      finish();
    }
    receiver.onMessage(stream, message);
  }

  @Override
  public void onRemoteClose(Libp2pStream stream) {
    if (end()) {
      receiver.onFailure(stream, "stream closed before the message", false);
    }
  }

  @Override
  public void onReset(Libp2pStream stream) {
    if (end()) {
      receiver.onFailure(stream, "stream reset before the message", false);
    }
  }

  /** The length prefix, -1 while incomplete, {@link Long#MAX_VALUE} when malformed. */
  private long readLength() {
    try {
      return Varint.tryRead(buffer);
    } catch (ProtocolViolationException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Gives up waiting; true when no message or failure was reported yet. */
  synchronized boolean end() {
    if (done) {
      return false;
    }
    finish();
    return true;
  }

  private void finish() {
    done = true;
    buffer.release();
    buffer = Unpooled.EMPTY_BUFFER;
  }
}
