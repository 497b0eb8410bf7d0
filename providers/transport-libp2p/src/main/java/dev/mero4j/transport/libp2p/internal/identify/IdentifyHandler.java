package dev.mero4j.transport.libp2p.internal.identify;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Answers identify requests, accepts identify pushes and identifies every new connection. */
public final class IdentifyHandler implements StreamProtocolHandler {
  private final Libp2pHost host;
  private final KeyPair identity;
  private final String agentVersion;
  private final Supplier<List<Multiaddr>> listenAddresses;
  private final BiConsumer<PeerId, IdentifyFrame> onIdentified;
  private final Map<PeerId, IdentifyFrame> known = new ConcurrentHashMap<>();

  public IdentifyHandler(
      Libp2pHost host,
      KeyPair identity,
      String agentVersion,
      Supplier<List<Multiaddr>> listenAddresses,
      BiConsumer<PeerId, IdentifyFrame> onIdentified) {
    this.host = host;
    this.identity = identity;
    this.agentVersion = agentVersion;
    this.listenAddresses = listenAddresses;
    this.onIdentified = onIdentified;
  }

  /** What a peer told us about itself, or null before identify completed. */
  public IdentifyFrame identified(PeerId peer) {
    return known.get(peer);
  }

  /** The agent version {@code peer} announced, once known. */
  public Optional<String> agentVersion(PeerId peer) {
    return Optional.ofNullable(identified(peer)).map(IdentifyFrame::agentVersion);
  }

  /** The readable addresses {@code peer} announced (empty until known). */
  public List<String> listenAddresses(PeerId peer) {
    IdentifyFrame f = identified(peer);
    return f == null
        ? List.of()
        : f.listenAddrs().stream()
            .flatMap(a -> Multiaddr.tryFromBytes(a).stream())
            .map(Multiaddr::toString)
            .toList();
  }

  /** The protocols {@code peer} announced (empty until known). */
  public List<String> protocols(PeerId peer) {
    IdentifyFrame f = identified(peer);
    return f == null ? List.of() : f.protocols();
  }

  public void forget(PeerId peer) {
    known.remove(peer);
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    if (protocol.equals(IdentifyProtocol.PUSH_ID)) {
      return new Reader(stream.remotePeer());
    }
    Connection c = host.connection(stream.remotePeer());
    byte[] observed = c == null ? null : c.remoteAddress().toBytes();
    stream.write(LengthPrefixedReader.frame(IdentifyCodec.encode(localFrame(observed))));
    stream.closeWrite();
    return (s, data) -> {};
  }

  private IdentifyFrame localFrame(byte[] observed) {
    return new IdentifyFrame(
        IdentifyProtocol.PROTOCOL_VERSION,
        agentVersion,
        PeerIds.encodePublicKey(identity.publicKey()),
        listenAddresses.get().stream().map(Multiaddr::toBytes).toList(),
        observed,
        host.protocols().stream().sorted().toList());
  }

  /** Asks the peer of a new connection who it is. */
  public void identify(Connection c) {
    c.openStream(List.of(IdentifyProtocol.ID), (s, p) -> new Reader(c.peer()));
  }

  /** Reads one identify message and checks it belongs to the peer. */
  private final class Reader implements StreamHandler {
    private final PeerId peer;
    private final LengthPrefixedReader reader =
        new LengthPrefixedReader(IdentifyProtocol.MAX_MESSAGE);
    private boolean done;

    Reader(PeerId peer) {
      this.peer = peer;
    }

    @Override
    public void onData(Libp2pStream stream, ByteBuf data) {
      for (byte[] frame : reader.feed(data)) {
        if (done) {
          continue;
        }
        done = true;
        IdentifyFrame f = IdentifyCodec.decode(frame);
        if (f.publicKey() != null
            && !PeerIds.of(PeerIds.decodePublicKey(f.publicKey())).equals(peer)) {
          throw new ProtocolViolationException("identify key does not match peer " + peer);
        }
        known.put(peer, f);
        onIdentified.accept(peer, f);
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream stream) {
      reader.release();
      stream.closeWrite();
    }

    @Override
    public void onReset(Libp2pStream stream) {
      reader.release();
    }
  }
}
