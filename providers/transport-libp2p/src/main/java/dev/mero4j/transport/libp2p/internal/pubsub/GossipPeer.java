package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** What the router knows about one connected peer; guarded by the router's lock. */
final class GossipPeer {
  /** RPCs held while the outbound stream is being negotiated. */
  static final int MAX_BACKLOG = 4096;

  final PeerId id;
  final boolean outbound;
  final Set<String> topics = new HashSet<>();
  final Deque<byte[]> backlog = new ArrayDeque<>();
  Libp2pStream stream;
  boolean unsupported;

  GossipPeer(PeerId id, boolean outbound) {
    this.id = id;
    this.outbound = outbound;
  }

  /** Sends a framed RPC now or once the stream is open; false when it cannot be sent. */
  boolean send(byte[] framedRpc) {
    if (stream != null) {
      stream.write(framedRpc);
      return true;
    }
    if (unsupported || backlog.size() >= MAX_BACKLOG) {
      return false;
    }
    backlog.add(framedRpc);
    return true;
  }

  void streamOpened(Libp2pStream s) {
    stream = s;
    while (!backlog.isEmpty()) {
      s.write(backlog.poll());
    }
  }
}
