package dev.mero4j.transport.libp2p.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.Hex;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hop and stop messages, vouchers and circuit multiaddrs on the wire. */
class CircuitCodecTest {
  private static final KeyPair RELAY = key("relay");
  private static final PeerId RELAY_ID = PeerIds.of(RELAY.publicKey());
  private static final PeerId PEER = PeerIds.of(key("peer").publicKey());

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  @Test
  void aReservationAnswerSurvivesTheRoundTrip() {
    byte[] addr = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + RELAY_ID).toBytes();
    CircuitMessage ok =
        new CircuitMessage(
            RelayProtocol.HOP_STATUS,
            null,
            new CircuitMessage.Reservation(1_800_000_000L, List.of(addr), new byte[] {1, 2}),
            new CircuitMessage.Limit(120, 1 << 17),
            RelayProtocol.OK);

    CircuitMessage back = CircuitCodec.decodeHop(CircuitCodec.encodeHop(ok));

    assertThat(back.type()).isEqualTo(RelayProtocol.HOP_STATUS);
    assertThat(back.status()).isEqualTo(RelayProtocol.OK);
    assertThat(back.reservation().expire()).isEqualTo(1_800_000_000L);
    assertThat(back.reservation().addrs()).containsExactly(addr);
    assertThat(back.reservation().voucher()).containsExactly(1, 2);
    assertThat(back.limit()).isEqualTo(new CircuitMessage.Limit(120, 1 << 17));
  }

  @Test
  void stopFieldsUseTheirOwnNumbers() {
    CircuitMessage connect =
        new CircuitMessage(
            RelayProtocol.STOP_CONNECT,
            new CircuitMessage.Peer(PeerIds.toBytes(PEER), List.of()),
            null,
            new CircuitMessage.Limit(60, 0),
            0);
    byte[] wire = CircuitCodec.encodeStop(connect);
    // type = 0 (field 1), peer (field 2), limit (field 3) { duration (1) = 60 }
    assertThat(Hex.encode(wire)).startsWith("080012280a26").endsWith("1a02083c");
    CircuitMessage back = CircuitCodec.decodeStop(wire);
    assertThat(PeerIds.fromBytes(back.peer().id())).isEqualTo(PEER);
    assertThat(back.limit().durationSeconds()).isEqualTo(60);
    assertThat(CircuitCodec.decodeStop(CircuitCodec.encodeStop(CircuitMessage.stopStatus(203))))
        .isEqualTo(CircuitMessage.stopStatus(203));
  }

  @Test
  void malformedMessagesAreRefused() {
    assertThatThrownBy(() -> CircuitCodec.decodeHop(new ProtoWriter().uint64(1, 7).toByteArray()))
        .isInstanceOf(ProtocolViolationException.class);
    ProtoWriter peer = new ProtoWriter();
    for (int i = 0; i <= RelayProtocol.MAX_ADDRS; i++) {
      peer.bytes(2, new byte[] {4, 1, 2, 3, 4});
    }
    byte[] tooManyAddrs =
        new ProtoWriter().uint64(1, 1).message(2, peer.bytes(1, new byte[] {0})).toByteArray();
    assertThatThrownBy(() -> CircuitCodec.decodeHop(tooManyAddrs))
        .isInstanceOf(ProtocolViolationException.class);
    byte[] noId = new ProtoWriter().uint64(1, 1).message(2, new ProtoWriter()).toByteArray();
    assertThatThrownBy(() -> CircuitCodec.decodeHop(noId))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void aVoucherOpensOnlyWithTheRelaysSignature() {
    byte[] envelope = new Voucher(RELAY_ID, PEER, 1_800_000_000L).sign(RELAY);

    assertThat(Voucher.open(envelope)).isEqualTo(new Voucher(RELAY_ID, PEER, 1_800_000_000L));
    byte[] tampered = envelope.clone();
    tampered[tampered.length - 70] ^= 1;
    assertThatThrownBy(() -> Voucher.open(tampered)).isInstanceOf(ProtocolViolationException.class);
    byte[] forged = new Voucher(RELAY_ID, PEER, 1_800_000_000L).sign(key("impostor"));
    assertThatThrownBy(() -> Voucher.open(forged))
        .hasMessageContaining("another key than its relay's");
  }

  @Test
  void circuitAddressesParsePrintAndEncode() {
    String text = "/ip4/10.0.0.1/tcp/4001/p2p/" + RELAY_ID + "/p2p-circuit/p2p/" + PEER;
    Multiaddr a = Multiaddr.parse(text);

    assertThat(a.toString()).isEqualTo(text);
    assertThat(a.isRelayed()).isTrue();
    assertThat(a.peerId()).contains(PEER);
    assertThat(a.relay().toString()).isEqualTo("/ip4/10.0.0.1/tcp/4001/p2p/" + RELAY_ID);
    assertThat(Multiaddr.fromBytes(a.toBytes())).isEqualTo(a);
    // /p2p-circuit is code 290: varint a2 02, no value
    assertThat(Hex.encode(Multiaddr.parse("/p2p-circuit").toBytes())).isEqualTo("a202");
  }
}
