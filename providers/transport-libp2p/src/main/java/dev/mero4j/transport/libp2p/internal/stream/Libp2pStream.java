package dev.mero4j.transport.libp2p.internal.stream;

import dev.mero4j.transport.api.PeerId;
import io.netty.buffer.ByteBuf;

/** One multiplexed, bidirectional byte stream to a remote peer; safe to call from any thread. */
public interface Libp2pStream {
  PeerId remotePeer();

  /** True when this side opened the stream. */
  boolean outbound();

  /** Queues {@code data} for sending; takes ownership of the buffer. */
  void write(ByteBuf data);

  /** Queues a copy of {@code data}. */
  void write(byte[] data);

  /** Half-closes: no more writes from this side (FIN). */
  void closeWrite();

  /** Aborts both directions (RST). */
  void reset();

  /** Replaces the receiver of inbound events. */
  void handler(StreamHandler handler);

  /** Reports misbehaviour of the remote peer on this stream and resets it. */
  void violation(String reason);
}
