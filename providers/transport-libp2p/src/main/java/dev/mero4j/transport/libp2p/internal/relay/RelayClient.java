package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
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
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The client side of circuit relay v2: dials {@code /p2p-circuit} addresses through the hop
 * protocol and accepts relayed connections on the stop protocol from relays it holds a reservation
 * with; both ends are then upgraded like TCP (Noise, Yamux).
 */
public final class RelayClient implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final Predicate<PeerId> acceptFrom;

  /** {@code acceptFrom} tells which relays may open stop streams (those holding a reservation). */
  public RelayClient(
      Libp2pHost host, ScheduledExecutorService timer, Predicate<PeerId> acceptFrom) {
    this.host = host;
    this.timer = timer;
    this.acceptFrom = acceptFrom;
  }

  /** Dials {@code circuit} ({@code …/p2p/RELAY/p2p-circuit/p2p/TARGET}) through its relay. */
  public CompletableFuture<Connection> dial(Multiaddr circuit) {
    Multiaddr relayAddress = circuit.relay();
    PeerId target = circuit.peerId().orElse(null);
    if (target == null || relayAddress.peerId().isEmpty() || relayAddress.isRelayed()) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("not a dialable circuit address: " + circuit));
    }
    return host.dial(relayAddress).thenCompose(relay -> connect(relay, target, circuit));
  }

  private CompletableFuture<Connection> connect(
      Connection relay, PeerId target, Multiaddr circuit) {
    if (relay.relayed()) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("refusing to relay over a relayed connection"));
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    FrameReader.Receiver answer =
        new FrameReader.Receiver() {
          @Override
          public void onFrame(Libp2pStream stream, byte[] frame, ByteBuf rest) {
            CircuitMessage m = decodeHop(frame, rest, result);
            if (m == null) {
              return;
            }
            if (m.type() != RelayProtocol.HOP_STATUS || m.status() != RelayProtocol.OK) {
              rest.release();
              stream.reset();
              result.completeExceptionally(
                  new PeerUnreachableException("relay refused the circuit: status " + m.status()));
              return;
            }
            host.relayed()
                .upgrade(stream, rest, true, target, circuit)
                .whenComplete((c, e) -> complete(result, c, e));
          }

          @Override
          public void onFailure(Libp2pStream stream, String reason) {
            result.completeExceptionally(new PeerUnreachableException(reason));
          }
        };
    FrameReader reader = new FrameReader(RelayProtocol.MAX_MESSAGE, answer);
    CircuitMessage connect =
        new CircuitMessage(
            RelayProtocol.HOP_CONNECT,
            new CircuitMessage.Peer(PeerIds.toBytes(target), List.of()),
            null,
            null,
            0);
    relay
        .openStream(List.of(RelayProtocol.HOP_ID), (s, p) -> reader)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
                return;
              }
              stream.write(LengthPrefixedReader.frame(CircuitCodec.encodeHop(connect)));
              timeout(stream, reader, result);
            });
    return result;
  }

  /** Decodes a hop message, failing {@code result} (and releasing {@code rest}) when malformed. */
  static CircuitMessage decodeHop(byte[] frame, ByteBuf rest, CompletableFuture<?> result) {
    try {
      return CircuitCodec.decodeHop(frame);
    } catch (ProtocolViolationException e) {
      rest.release();
      result.completeExceptionally(e);
      throw e;
    }
  }

  private void timeout(Libp2pStream stream, FrameReader reader, CompletableFuture<?> result) {
    timer.schedule(
        () -> {
          if (!reader.done()
              && result.completeExceptionally(new PeerUnreachableException("relay timed out"))) {
            stream.reset();
          }
        },
        RelayService.HANDSHAKE_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static void complete(CompletableFuture<Connection> result, Connection c, Throwable e) {
    if (e != null) {
      result.completeExceptionally(e);
    } else {
      result.complete(c);
    }
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    PeerId relay = stream.remotePeer();
    return new FrameReader(
        RelayProtocol.MAX_MESSAGE,
        new FrameReader.Receiver() {
          @Override
          public void onFrame(Libp2pStream s, byte[] frame, ByteBuf rest) {
            onStop(s, relay, CircuitCodec.decodeStop(frame), rest);
          }

          @Override
          public void onFailure(Libp2pStream s, String reason) {
            LOG.log(Level.DEBUG, "stop stream from {0}: {1}", relay, reason);
          }
        });
  }

  private void onStop(Libp2pStream stream, PeerId relay, CircuitMessage m, ByteBuf rest) {
    Connection toRelay = host.connection(relay);
    PeerId initiator = null;
    int status = RelayProtocol.OK;
    if (m.type() != RelayProtocol.STOP_CONNECT || m.peer() == null) {
      status = RelayProtocol.UNEXPECTED_MESSAGE;
    } else if (!acceptFrom.test(relay) || toRelay == null || toRelay.relayed()) {
      status = RelayProtocol.PERMISSION_DENIED;
    } else {
      try {
        PeerIds.publicKeyOf(m.peer().id());
        initiator = PeerIds.fromBytes(m.peer().id());
      } catch (RuntimeException e) {
        status = RelayProtocol.MALFORMED_MESSAGE;
      }
    }
    stream.write(
        LengthPrefixedReader.frame(CircuitCodec.encodeStop(CircuitMessage.stopStatus(status))));
    if (status != RelayProtocol.OK) {
      rest.release();
      stream.closeWrite();
      return;
    }
    Multiaddr circuit =
        toRelay.remoteAddress().with("p2p", relay.value()).with(Multiaddr.CIRCUIT, "");
    PeerId from = initiator;
    host.relayed()
        .upgrade(stream, rest, false, initiator, circuit)
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                LOG.log(Level.DEBUG, "relayed connection from {0} failed: {1}", from, e.toString());
              }
            });
  }
}
