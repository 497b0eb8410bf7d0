package dev.mero4j.transport.libp2p.internal.relay;

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
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The relay side of circuit relay v2 ({@code hop}): grants reservations and bridges CONNECTs to
 * peers holding one through a {@code stop} stream, within {@link RelayLimits}.
 */
public final class RelayService implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(RelayService.class.getName());

  /** A hop stream that has not sent its message by then is reset; so is an unanswered stop. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final Libp2pHost host;
  private final KeyPair identity;
  private final RelayLimits limits;
  private final ScheduledExecutorService timer;
  private final Supplier<List<Multiaddr>> addresses;
  private final ReservationTable reservations;
  private final Map<PeerId, Integer> circuitsPerPeer = new HashMap<>();
  private int circuits;

  public RelayService(
      Libp2pHost host,
      KeyPair identity,
      RelayLimits limits,
      Clock clock,
      ScheduledExecutorService timer,
      Supplier<List<Multiaddr>> addresses) {
    this.host = host;
    this.identity = identity;
    this.limits = limits;
    this.timer = timer;
    this.addresses = addresses;
    this.reservations = new ReservationTable(limits, clock, peer -> host.connection(peer) != null);
  }

  /** Reservations held now. */
  public int reservationCount() {
    return reservations.size();
  }

  /** Circuits open now. */
  public synchronized int circuitCount() {
    return circuits;
  }

  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    FrameReader reader =
        new FrameReader(
            RelayProtocol.MAX_MESSAGE,
            new FrameReader.Receiver() {
              @Override
              public void onFrame(Libp2pStream s, byte[] frame, ByteBuf rest) {
                onHop(s, frame, rest);
              }

              @Override
              public void onFailure(Libp2pStream s, String reason) {
                LOG.log(Level.DEBUG, "hop stream from {0}: {1}", s.remotePeer(), reason);
              }
            });
    timer.schedule(
        () -> {
          if (!reader.done()) {
            stream.reset();
          }
        },
        HANDSHAKE_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
    return reader;
  }

  private void onHop(Libp2pStream stream, byte[] frame, ByteBuf rest) {
    CircuitMessage m;
    try {
      m = CircuitCodec.decodeHop(frame);
    } catch (ProtocolViolationException e) {
      rest.release();
      refuse(stream, RelayProtocol.MALFORMED_MESSAGE);
      return;
    }
    Connection from = host.connection(stream.remotePeer());
    if (from == null || from.relayed()) {
      rest.release();
      refuse(stream, RelayProtocol.PERMISSION_DENIED);
      return;
    }
    switch (m.type()) {
      case RelayProtocol.HOP_RESERVE -> {
        rest.release();
        reserve(stream, from);
      }
      case RelayProtocol.HOP_CONNECT -> connect(stream, m, rest);
      default -> {
        rest.release();
        refuse(stream, RelayProtocol.UNEXPECTED_MESSAGE);
      }
    }
  }

  private void reserve(Libp2pStream stream, Connection from) {
    PeerId peer = from.peer();
    String ip =
        from.remoteAddress().value("ip4").or(() -> from.remoteAddress().value("ip6")).orElse("");
    Instant expires = reservations.reserve(peer, ip);
    if (expires == null) {
      LOG.log(Level.DEBUG, "reservation of {0} refused by limits", peer);
      refuse(stream, RelayProtocol.RESERVATION_REFUSED);
      return;
    }
    PeerId self = host.self();
    List<byte[]> addrs =
        addresses.get().stream()
            .filter(a -> !a.isRelayed())
            .limit(RelayProtocol.MAX_ADDRS)
            .map(a -> a.with("p2p", self.value()).toBytes())
            .toList();
    byte[] voucher = new Voucher(self, peer, expires.getEpochSecond()).sign(identity);
    CircuitMessage ok =
        new CircuitMessage(
            RelayProtocol.HOP_STATUS,
            null,
            new CircuitMessage.Reservation(expires.getEpochSecond(), addrs, voucher),
            limit(),
            RelayProtocol.OK);
    stream.write(LengthPrefixedReader.frame(CircuitCodec.encodeHop(ok)));
    stream.closeWrite();
  }

  private CircuitMessage.Limit limit() {
    return new CircuitMessage.Limit(limits.circuitDuration().toSeconds(), limits.circuitBytes());
  }

  private static void refuse(Libp2pStream stream, int status) {
    stream.write(
        LengthPrefixedReader.frame(CircuitCodec.encodeHop(CircuitMessage.hopStatus(status))));
    stream.closeWrite();
  }

  private void connect(Libp2pStream stream, CircuitMessage m, ByteBuf rest) {
    PeerId source = stream.remotePeer();
    PeerId target;
    try {
      target = m.peer() == null ? null : PeerIds.fromBytes(m.peer().id());
      if (target != null) {
        PeerIds.publicKeyOf(m.peer().id());
      }
    } catch (RuntimeException e) {
      target = null;
    }
    Connection toTarget = target == null ? null : host.connection(target);
    int refusal =
        target == null
            ? RelayProtocol.MALFORMED_MESSAGE
            : !reservations.holds(target) || toTarget == null || toTarget.relayed()
                ? RelayProtocol.NO_RESERVATION
                : openCircuit(source, target) ? 0 : RelayProtocol.RESOURCE_LIMIT_EXCEEDED;
    if (refusal != 0) {
      rest.release();
      refuse(stream, refusal);
      return;
    }
    PeerId to = target;
    Circuit circuit =
        new Circuit(stream, rest, limits.circuitBytes(), () -> closeCircuit(source, to));
    new StopDialer(toTarget, source, limit(), timer)
        .dial()
        .whenComplete(
            (accepted, error) -> {
              if (error != null) {
                LOG.log(Level.DEBUG, "stop to {0} failed: {1}", to, error.toString());
                stream.write(
                    LengthPrefixedReader.frame(
                        CircuitCodec.encodeHop(
                            CircuitMessage.hopStatus(RelayProtocol.CONNECTION_FAILED))));
                stream.closeWrite();
                circuit.end();
                return;
              }
              CircuitMessage ok =
                  new CircuitMessage(
                      RelayProtocol.HOP_STATUS, null, null, limit(), RelayProtocol.OK);
              stream.write(LengthPrefixedReader.frame(CircuitCodec.encodeHop(ok)));
              circuit.start(accepted.stream(), accepted.rest(), timer, limits.circuitDuration());
            });
  }

  private synchronized boolean openCircuit(PeerId source, PeerId target) {
    int max = limits.maxCircuitsPerPeer();
    if (circuits >= limits.maxCircuits()
        || circuitsPerPeer.getOrDefault(source, 0) >= max
        || circuitsPerPeer.getOrDefault(target, 0) >= max) {
      return false;
    }
    circuits++;
    circuitsPerPeer.merge(source, 1, Integer::sum);
    circuitsPerPeer.merge(target, 1, Integer::sum);
    return true;
  }

  private synchronized void closeCircuit(PeerId source, PeerId target) {
    circuits--;
    circuitsPerPeer.computeIfPresent(source, (p, n) -> n > 1 ? n - 1 : null);
    circuitsPerPeer.computeIfPresent(target, (p, n) -> n > 1 ? n - 1 : null);
  }
}
