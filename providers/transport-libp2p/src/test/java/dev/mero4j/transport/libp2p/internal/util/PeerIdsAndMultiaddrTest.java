package dev.mero4j.transport.libp2p.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hex;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import org.junit.jupiter.api.Test;

/** Golden vectors produced by js-libp2p (@libp2p/peer-id, @multiformats/multiaddr). */
class PeerIdsAndMultiaddrTest {
  private static final String KEY =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String PEER = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  @Test
  void ed25519KeyEncodesToTheJsPeerId() {
    var key = PeerIds.decodePublicKey(Hex.decode(KEY));
    assertThat(Hex.encode(PeerIds.encodePublicKey(key))).isEqualTo(KEY);
    assertThat(PeerIds.of(key).value()).isEqualTo(PEER);
    assertThat(PeerIds.publicKeyOf(PeerIds.toBytes(new PeerId(PEER)))).isEqualTo(key);
  }

  @Test
  void nonEd25519KeysAndHashedPeerIdsAreRejected() {
    assertThatThrownBy(() -> PeerIds.decodePublicKey(Hex.decode("0800" + KEY.substring(4))))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> PeerIds.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void multiaddrsMatchTheJsBinaryEncoding() {
    assertThat(Hex.encode(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).toBytes()))
        .isEqualTo("047f000001060fa1a503260024" + KEY);
    assertThat(Hex.encode(Multiaddr.parse("/ip6/::1/tcp/80").toBytes()))
        .isEqualTo("2900000000000000000000000000000001060050");
    assertThat(Hex.encode(Multiaddr.parse("/dns4/example.com/tcp/443").toBytes()))
        .isEqualTo("360b6578616d706c652e636f6d0601bb");
  }

  @Test
  void multiaddrsRoundTripInTextAndBinary() {
    for (String text :
        new String[] {"/ip4/10.0.0.1/tcp/1", "/dns/node.local/tcp/2428/p2p/" + PEER}) {
      Multiaddr a = Multiaddr.parse(text);
      assertThat(a.toString()).isEqualTo(text);
      assertThat(Multiaddr.fromBytes(a.toBytes())).isEqualTo(a);
    }
    Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
    assertThat(a.peerId()).contains(new PeerId(PEER));
    assertThat(a.withoutPeer().toString()).isEqualTo("/ip4/127.0.0.1/tcp/4001");
  }

  @Test
  void malformedMultiaddrsAreRejected() {
    assertThatThrownBy(() -> Multiaddr.parse("ip4/1.2.3.4"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multiaddr.parse("/udp/1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multiaddr.fromBytes(Hex.decode("047f00")))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> Multiaddr.fromBytes(Hex.decode("ff7f")))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
