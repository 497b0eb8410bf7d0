package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger.Level;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Connects the gossip router to streams: reads RPCs from inbound {@code /meshsub} streams and opens
 * the one outbound stream per peer the router writes to (gossipsub uses a stream per direction),
 * moving it to the peer's next connection when its own closes and opening it again when the peer
 * resets it while the connection stays open (a restarted pubsub service, a stream limit).
 */
public final class PubsubHandler implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(PubsubHandler.class.getName());

  private final GossipRouter router;
  private final Function<PeerId, Connection> connections;
  private final ResetStreaks streaks;

  /** {@code connections}: the connection to use for a peer (null when it has none). */
  public PubsubHandler(
      GossipRouter router, Function<PeerId, Connection> connections, LongSupplier nanoClock) {
    this.router = router;
    this.connections = connections;
    this.streaks = new ResetStreaks(nanoClock);
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
    if (router.register(c.peer(), c.outbound())) {
      streaks.forget(c.peer());
      openOn(c);
    }
  }

  /**
   * Opens the outbound stream on {@code c}. The stream lives as long as its connection: when that
   * closes while the peer stays connected through another one (a relayed connection replaced by a
   * hole-punched one, the loser of a dial race), the stream is opened again there.
   */
  private void openOn(Connection c) {
    c.openStream(PubsubProtocol.IDS, (s, proto) -> outboundHandler(c))
        .whenComplete(
            (s, e) -> {
              if (e == null) {
                if (router.streamOpened(c.peer(), s)) {
                  c.whenClosed(() -> lost(c, s));
                }
              } else if (!c.isOpen()) {
                // closing: move on once it is closed and gone from the peer's connections
                c.whenClosed(() -> lost(c, null));
              } else {
                LOG.log(Level.DEBUG, "no gossipsub with {0}: {1}", c.peer(), e.toString());
                router.streamFailed(c.peer());
              }
            });
  }

  /** Reads nothing (the peer never writes on our stream) and notices when the peer resets it. */
  private StreamHandler outboundHandler(Connection c) {
    return new StreamHandler() {
      @Override
      public void onData(Libp2pStream s, ByteBuf data) {
        // gossipsub streams carry RPCs one way only; anything sent back is ignored
      }

      @Override
      public void onReset(Libp2pStream s) {
        if (c.isOpen()) {
          resetByPeer(c, s);
        }
      }
    };
  }

  /**
   * The peer reset our outbound stream on a connection that stays open. A stream this node reset
   * itself (peer removed, duplicate) is no longer the router's and is left alone.
   */
  private void resetByPeer(Connection c, Libp2pStream stream) {
    if (!router.streamLost(c.peer(), stream)) {
      return;
    }
    OptionalLong delay = streaks.onReset(c.peer());
    if (delay.isEmpty()) {
      LOG.log(Level.WARNING, "{0} keeps resetting our gossipsub stream; gossip to it stops", c);
      router.streamFailed(c.peer());
      return;
    }
    LOG.log(Level.DEBUG, "{0} reset our gossipsub stream; reopening", c);
    CompletableFuture.delayedExecutor(delay.getAsLong(), TimeUnit.NANOSECONDS)
        .execute(
            () -> {
              if (c.isOpen()) {
                openOn(c);
              } else {
                // the reset came with the connection's close: move on once it is gone
                c.whenClosed(() -> lost(c, null));
              }
            });
  }

  /** The outbound stream (null: its opening) on {@code closed} is gone; moves to the next one. */
  private void lost(Connection closed, Libp2pStream stream) {
    if (!router.streamLost(closed.peer(), stream)) {
      return;
    }
    Connection next = connections.apply(closed.peer());
    if (next != null && next != closed && next.isOpen()) {
      LOG.log(Level.DEBUG, "gossipsub with {0} moves to {1}", closed.peer(), next);
      openOn(next);
    }
  }
}
