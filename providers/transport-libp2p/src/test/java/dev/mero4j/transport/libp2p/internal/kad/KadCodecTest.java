package dev.mero4j.transport.libp2p.internal.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadCodecTest {
  private static final byte[] ID = KadTestPeers.contact("a").rawId();

  private static KadMessage.Peer peer(byte[] id, int addrs) {
    List<byte[]> a = new ArrayList<>();
    for (int i = 0; i < addrs; i++) {
      a.add(new byte[] {4, 127, 0, 0, (byte) i, 6, 0x10, 0});
    }
    return new KadMessage.Peer(id, a, 1);
  }

  @Test
  void everyFieldRoundTrips() {
    KadMessage m =
        new KadMessage(
            KadMessage.Type.GET_VALUE,
            new byte[] {1, 2, 3},
            new KadMessage.KadRecord(new byte[] {1, 2, 3}, new byte[] {9}, "2026-12-06T00:00:00Z"),
            List.of(peer(ID, 2)),
            List.of(peer(KadTestPeers.contact("b").rawId(), 1)));
    KadMessage back = KadCodec.decode(KadCodec.encode(m));
    assertThat(back.type()).isEqualTo(KadMessage.Type.GET_VALUE);
    assertThat(back.key()).containsExactly(1, 2, 3);
    assertThat(back.record().value()).containsExactly(9);
    assertThat(back.record().timeReceived()).isEqualTo("2026-12-06T00:00:00Z");
    assertThat(back.closerPeers()).hasSize(1);
    assertThat(back.closerPeers().get(0).id()).isEqualTo(ID);
    assertThat(back.closerPeers().get(0).addrs()).hasSize(2);
    assertThat(back.closerPeers().get(0).connection()).isEqualTo(1);
    assertThat(back.providerPeers().get(0).addrs().get(0))
        .isEqualTo(m.providerPeers().get(0).addrs().get(0));
  }

  @Test
  void typeZeroIsPutValueAndFindNodeIsFour() {
    assertThat(KadCodec.encode(KadMessage.request(KadMessage.Type.FIND_NODE, ID))[1])
        .isEqualTo((byte) 4);
    assertThat(KadCodec.decode(new ProtoWriter().bytes(2, ID).toByteArray()).type())
        .isEqualTo(KadMessage.Type.PUT_VALUE);
  }

  @Test
  void tooManyPeersInAFieldIsAViolation() {
    List<KadMessage.Peer> many = new ArrayList<>();
    for (int i = 0; i <= KadProtocol.MAX_PEERS_PER_FIELD; i++) {
      many.add(peer(ID, 0));
    }
    byte[] wire =
        KadCodec.encode(new KadMessage(KadMessage.Type.GET_PROVIDERS, ID, null, List.of(), many));
    assertThatThrownBy(() -> KadCodec.decode(wire))
        .isInstanceOf(KadException.class)
        .hasMessageContaining("providerPeers");
  }

  @Test
  void addressesBeyondTheCapAreDropped() {
    byte[] wire =
        KadCodec.encode(
            new KadMessage(KadMessage.Type.FIND_NODE, ID, null, List.of(peer(ID, 40)), List.of()));
    assertThat(KadCodec.decode(wire).closerPeers().get(0).addrs())
        .hasSize(KadProtocol.MAX_ADDRS_PER_PEER);
  }

  @Test
  void malformedAndOversizedInputIsRefused() {
    byte[] good = KadCodec.encode(KadMessage.request(KadMessage.Type.FIND_NODE, ID));
    assertThatThrownBy(() -> KadCodec.decode(Arrays.copyOf(good, good.length - 3)))
        .hasMessageContaining("past the end");
    assertThatThrownBy(() -> KadCodec.decode(new byte[KadProtocol.MAX_MESSAGE + 1]))
        .isInstanceOf(KadException.class);
    assertThatThrownBy(() -> KadCodec.decode(new ProtoWriter().uint64(1, 9).toByteArray()))
        .hasMessageContaining("unknown kad message type 9");
    assertThatThrownBy(
            () ->
                KadCodec.decode(
                    new ProtoWriter().bytes(2, new byte[KadProtocol.MAX_KEY + 1]).toByteArray()))
        .hasMessageContaining("key of 257 bytes");
    byte[] anonymous =
        new ProtoWriter().message(8, new ProtoWriter().bytes(2, new byte[] {4})).toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(anonymous)).hasMessageContaining("without an id");
    byte[] hugeValue =
        new ProtoWriter()
            .message(3, new ProtoWriter().bytes(2, new byte[KadProtocol.MAX_VALUE + 1]))
            .toByteArray();
    assertThatThrownBy(() -> KadCodec.decode(hugeValue)).hasMessageContaining("record value");
  }
}
