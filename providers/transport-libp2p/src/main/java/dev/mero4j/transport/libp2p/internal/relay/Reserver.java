package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Asks one relay for a reservation (hop RESERVE) and reads what it granted. */
final class Reserver {
  /**
   * A granted reservation.
   *
   * @param relay the relay
   * @param expires when it lapses
   * @param circuits this node's addresses through the relay ({@code …/p2p-circuit/p2p/SELF})
   */
  record Granted(PeerId relay, Instant expires, List<Multiaddr> circuits) {}

  private Reserver() {}

  static CompletableFuture<Granted> reserve(Connection relay, PeerId self) {
    CompletableFuture<Granted> result = new CompletableFuture<>();
    FrameReader reader =
        new FrameReader(
            RelayProtocol.MAX_MESSAGE,
            new FrameReader.Receiver() {
              @Override
              public void onFrame(Libp2pStream stream, byte[] frame, ByteBuf rest) {
                CircuitMessage m = RelayClient.decodeHop(frame, rest, result);
                rest.release();
                stream.closeWrite();
                try {
                  result.complete(granted(relay, self, m));
                } catch (RuntimeException e) {
                  result.completeExceptionally(e);
                }
              }

              @Override
              public void onFailure(Libp2pStream stream, String reason) {
                result.completeExceptionally(new PeerUnreachableException(reason));
              }
            });
    byte[] reserve =
        CircuitCodec.encodeHop(new CircuitMessage(RelayProtocol.HOP_RESERVE, null, null, null, 0));
    relay
        .openStream(List.of(RelayProtocol.HOP_ID), (s, p) -> reader)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                stream.write(LengthPrefixedReader.frame(reserve));
              }
            });
    return result;
  }

  private static Granted granted(Connection relay, PeerId self, CircuitMessage m) {
    if (m.type() != RelayProtocol.HOP_STATUS || m.status() != RelayProtocol.OK) {
      throw new PeerUnreachableException("reservation refused: status " + m.status());
    }
    CircuitMessage.Reservation r = m.reservation();
    if (r == null) {
      throw new ProtocolViolationException("relay accepted without a reservation");
    }
    if (r.voucher() != null) {
      Voucher v = Voucher.open(r.voucher());
      if (!v.relay().equals(relay.peer()) || !v.peer().equals(self)) {
        throw new ProtocolViolationException("voucher names another relay or peer");
      }
    }
    // The address this node reached the relay at comes first: it is known to work from here.
    java.util.LinkedHashSet<Multiaddr> circuits = new java.util.LinkedHashSet<>();
    if (relay.outbound()) {
      circuits.add(circuit(relay.remoteAddress(), relay.peer(), self));
    }
    boolean viaLoopback = isLoopback(relay.remoteAddress());
    for (byte[] bytes : r.addrs()) {
      Multiaddr.tryFromBytes(bytes)
          .filter(a -> !a.isRelayed() && a.value("tcp").isPresent())
          .filter(a -> viaLoopback || !isLoopback(a))
          .ifPresent(a -> circuits.add(circuit(a, relay.peer(), self)));
    }
    return new Granted(relay.peer(), Instant.ofEpochSecond(r.expire()), List.copyOf(circuits));
  }

  private static boolean isLoopback(Multiaddr a) {
    return a.value("ip4").map(ip -> ip.startsWith("127.")).orElse(false)
        || a.value("ip6").map(ip -> ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1")).orElse(false);
  }

  /** {@code relayAddress/p2p/RELAY/p2p-circuit/p2p/SELF}, the relay's /p2p not repeated. */
  private static Multiaddr circuit(Multiaddr relayAddress, PeerId relay, PeerId self) {
    Multiaddr base = relayAddress.withoutPeer().with("p2p", relay.value());
    return base.with(Multiaddr.CIRCUIT, "").with("p2p", self.value());
  }
}
