package dev.mero4j.transport.libp2p.internal.stream;

import io.netty.buffer.ByteBuf;

/** Receives the inbound events of one stream, on the connection's event loop. */
public interface StreamHandler {
  /** New bytes; the caller releases {@code data} after the call returns. */
  void onData(Libp2pStream stream, ByteBuf data);

  /** The remote side will send no more bytes (FIN). */
  default void onRemoteClose(Libp2pStream stream) {}

  /** The stream was reset by either side or its connection closed; no more events follow. */
  default void onReset(Libp2pStream stream) {}
}
