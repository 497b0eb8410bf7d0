package dev.mero4j.transport.libp2p.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IWant;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.SubOpts;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubsubCodecTest {
  private static final KeyPair KEY =
      KeyPair.fromSeed(Hash.sha256("pubsub".getBytes(StandardCharsets.UTF_8)).toBytes());
  private final MessageSigner signer = new MessageSigner(KEY);

  private WireMessage signed(String data) {
    return signer.sign(
        "t", data.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
  }

  @Test
  void rpcRoundTripsWithEveryControlMessage() {
    WireMessage m = signed("x");
    Control c =
        new Control(
            List.of(new IHave("t", List.of(new byte[] {1, 2}))),
            List.of(new IWant(List.of(new byte[] {3}))),
            List.of(new Graft("t")),
            List.of(new Prune("t", 60)));
    PubsubFrame rpc = new PubsubFrame(List.of(new SubOpts(true, "t")), List.of(m), c);
    PubsubFrame back = PubsubCodec.decode(PubsubCodec.encode(rpc));
    assertThat(back.subscriptions()).containsExactly(new SubOpts(true, "t"));
    assertThat(back.publish()).hasSize(1);
    assertThat(back.publish().get(0).signature()).isEqualTo(m.signature());
    assertThat(back.control().prune()).containsExactly(new Prune("t", 60));
    assertThat(back.control().graft()).containsExactly(new Graft("t"));
    assertThat(back.control().ihave().get(0).messageIds().get(0)).isEqualTo(new byte[] {1, 2});
    assertThat(PubsubCodec.encode(back)).isEqualTo(PubsubCodec.encode(rpc));
  }

  @Test
  void aValidSignedMessageNamesItsAuthor() {
    assertThat(MessageSigner.validate(signed("ok"))).isEqualTo(PeerIds.of(KEY.publicKey()));
  }

  @Test
  void tamperedOrIncompleteMessagesAreRejected() {
    WireMessage m = signed("ok");
    WireMessage tampered =
        new WireMessage(
            m.from(),
            "evil".getBytes(StandardCharsets.UTF_8),
            m.seqno(),
            m.topic(),
            m.signature(),
            m.key());
    assertThatThrownBy(() -> MessageSigner.validate(tampered))
        .isInstanceOf(ProtocolViolationException.class);
    WireMessage shortSeqno =
        new WireMessage(m.from(), m.data(), new byte[] {1}, m.topic(), m.signature(), m.key());
    assertThatThrownBy(() -> MessageSigner.validate(shortSeqno))
        .isInstanceOf(ProtocolViolationException.class);
    KeyPair other = KeyPair.fromSeed(Hash.sha256(new byte[] {9}).toBytes());
    WireMessage wrongKey =
        new WireMessage(
            m.from(),
            m.data(),
            m.seqno(),
            m.topic(),
            m.signature(),
            PeerIds.encodePublicKey(other.publicKey()));
    assertThatThrownBy(() -> MessageSigner.validate(wrongKey))
        .isInstanceOf(ProtocolViolationException.class);
    WireMessage noKey =
        new WireMessage(m.from(), m.data(), m.seqno(), m.topic(), m.signature(), null);
    assertThat(MessageSigner.validate(noKey)).isEqualTo(PeerIds.of(KEY.publicKey()));
  }

  @Test
  void messageIdIsTheProtobufKeyFollowedByTheSeqno() {
    WireMessage m = signed("id");
    byte[] id = MessageId.of(m).bytes();
    assertThat(id).hasSize(36 + 8);
    assertThat(java.util.Arrays.copyOf(id, 36)).isEqualTo(PeerIds.encodePublicKey(KEY.publicKey()));
  }

  @Test
  void truncatedProtobufIsAViolation() {
    byte[] ok = PubsubCodec.encode(PubsubFrame.ofMessage(signed("x")));
    byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 3);
    assertThatThrownBy(() -> PubsubCodec.decode(cut))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
