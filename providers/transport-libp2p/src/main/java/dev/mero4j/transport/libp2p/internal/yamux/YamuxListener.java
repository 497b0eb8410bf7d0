package dev.mero4j.transport.libp2p.internal.yamux;

import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;

/** What a Yamux session tells its connection. */
public interface YamuxListener {
  /** A remote peer opened a stream; the listener must set its handler before returning. */
  void onInboundStream(Libp2pStream stream);

  /** The remote peer broke a protocol; the connection is being closed. */
  void onViolation(String reason);
}
