package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger.Level;

/**
 * Connects the gossip router to streams: reads RPCs from inbound {@code /meshsub} streams and opens
 * the one outbound stream per peer the router writes to (gossipsub uses a stream per direction).
 */
public final class PubsubHandler implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(PubsubHandler.class.getName());

  private final GossipRouter router;

  public PubsubHandler(GossipRouter router) {
    this.router = router;
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    LengthPrefixedReader reader = new LengthPrefixedReader(PubsubProtocol.MAX_RPC);
    return new StreamHandler() {
      @Override
      public void onData(Libp2pStream s, ByteBuf data) {
        for (byte[] frame : reader.feed(data)) {
          router.onRpc(s.remotePeer(), PubsubCodec.decode(frame));
        }
      }

      @Override
      public void onRemoteClose(Libp2pStream s) {
        reader.release();
      }

      @Override
      public void onReset(Libp2pStream s) {
        reader.release();
      }
    };
  }

  /** Starts gossiping with the peer of a new connection. */
  public void addPeer(Connection c) {
    if (!router.register(c.peer(), c.outbound())) {
      return;
    }
    c.openStream(PubsubProtocol.IDS, (s, proto) -> (st, data) -> {})
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                LOG.log(Level.DEBUG, "no gossipsub with {0}: {1}", c.peer(), e.toString());
                router.streamFailed(c.peer());
              } else {
                router.streamOpened(c.peer(), s);
              }
            });
  }
}
