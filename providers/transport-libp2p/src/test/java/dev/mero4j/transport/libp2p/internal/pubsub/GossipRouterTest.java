package dev.mero4j.transport.libp2p.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IWant;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.SubOpts;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's mesh, control and cache logic against fake peers, a fake clock and a seeded random.
 */
class GossipRouterTest {
  private static final String T = "topic";
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private GossipRouter router;
  private final Map<PeerId, FakeStream> streams = new HashMap<>();
  private final List<Message> delivered = new ArrayList<>();
  private final List<PeerId> rejected = new ArrayList<>();

  /** Captures the RPCs the router writes to one peer. */
  static final class FakeStream implements Libp2pStream {
    final PeerId peer;
    final LengthPrefixedReader reader = new LengthPrefixedReader(1 << 22);
    final List<PubsubFrame> rpcs = new ArrayList<>();

    FakeStream(PeerId peer) {
      this.peer = peer;
    }

    @Override
    public PeerId remotePeer() {
      return peer;
    }

    @Override
    public boolean outbound() {
      return true;
    }

    @Override
    public void write(ByteBuf data) {
      reader.feed(data).forEach(f -> rpcs.add(PubsubCodec.decode(f)));
      data.release();
    }

    @Override
    public void write(byte[] data) {
      write(Unpooled.wrappedBuffer(data));
    }

    @Override
    public void closeWrite() {}

    @Override
    public void reset() {}

    @Override
    public void handler(StreamHandler handler) {}

    @Override
    public void violation(String reason) {}

    List<Control> controls() {
      return rpcs.stream().map(PubsubFrame::control).filter(c -> c != null).toList();
    }

    List<WireMessage> messages() {
      return rpcs.stream().flatMap(r -> r.publish().stream()).toList();
    }

    boolean grafted(String topic) {
      return controls().stream().anyMatch(c -> c.graft().contains(new Graft(topic)));
    }

    boolean pruned(String topic) {
      return controls().stream()
          .anyMatch(c -> c.prune().stream().anyMatch(p -> topic.equals(p.topic())));
    }
  }

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  @BeforeEach
  void setUp() {
    router =
        new GossipRouter(
            key("self"), GossipParams.SMALL_CLUSTER, new Random(7), clock::get, rejected::add);
  }

  private PeerId peer(String name) {
    PeerId id = PeerIds.of(key(name).publicKey());
    FakeStream s = new FakeStream(id);
    streams.put(id, s);
    router.register(id, true);
    router.streamOpened(id, s);
    return id;
  }

  private void peerJoins(PeerId p, String topic) {
    router.onRpc(p, new PubsubFrame(List.of(new SubOpts(true, topic)), List.of(), null));
  }

  private void control(PeerId p, Control c) {
    router.onRpc(p, PubsubFrame.ofControl(c));
  }

  private static Control graft(String topic) {
    return new Control(List.of(), List.of(), List.of(new Graft(topic)), List.of());
  }

  private static WireMessage message(String author, String data, long seq) {
    byte[] seqno = java.nio.ByteBuffer.allocate(8).putLong(seq).array();
    return new MessageSigner(key(author)).sign(T, data.getBytes(StandardCharsets.UTF_8), seqno);
  }

  @Test
  void subscribingAnnouncesTheTopicAndGraftsKnownSubscribers() {
    PeerId a = peer("a");
    peerJoins(a, T);
    router.subscribe(T, delivered::add);
    assertThat(streams.get(a).rpcs.get(0).subscriptions()).containsExactly(new SubOpts(true, T));
    assertThat(streams.get(a).grafted(T)).isTrue();
    assertThat(router.meshPeers(T)).containsExactly(a);
  }

  @Test
  void aPeerJoiningLaterIsGraftedUpToD() {
    router.subscribe(T, delivered::add);
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      PeerId p = peer("p" + i);
      peerJoins(p, T);
      ps.add(p);
    }
    assertThat(router.meshPeers(T)).hasSize(GossipParams.SMALL_CLUSTER.d());
    assertThat(router.topicPeers(T)).hasSize(6);
  }

  @Test
  void graftForATopicWeAreNotInIsAnsweredWithPruneAndBackoff() {
    PeerId a = peer("a");
    control(a, graft("elsewhere"));
    Prune prune = streams.get(a).controls().get(0).prune().get(0);
    assertThat(prune.topic()).isEqualTo("elsewhere");
    assertThat(prune.backoffSeconds()).isEqualTo(60);
  }

  @Test
  void pruneRemovesFromTheMeshAndBackoffBlocksRegraftingUntilItExpires() {
    router.subscribe(T, delivered::add);
    PeerId a = peer("a");
    peerJoins(a, T);
    assertThat(router.meshPeers(T)).contains(a);
    control(a, new Control(List.of(), List.of(), List.of(), List.of(new Prune(T, 10))));
    assertThat(router.meshPeers(T)).isEmpty();
    router.heartbeat();
    assertThat(router.meshPeers(T)).isEmpty();
    control(a, graft(T));
    assertThat(router.meshPeers(T)).isEmpty();
    assertThat(streams.get(a).pruned(T)).isTrue();
    clock.addAndGet(11 * SECOND);
    router.heartbeat();
    assertThat(router.meshPeers(T)).containsExactly(a);
  }

  @Test
  void heartbeatPrunesAnOversizedMeshDownToD() {
    router.subscribe(T, delivered::add);
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      PeerId p = peer("p" + i);
      peerJoins(p, T);
      control(p, graft(T));
      ps.add(p);
    }
    assertThat(router.meshPeers(T)).hasSize(10);
    router.heartbeat();
    assertThat(router.meshPeers(T)).hasSize(GossipParams.SMALL_CLUSTER.d());
    assertThat(ps.stream().filter(p -> streams.get(p).pruned(T))).hasSize(6);
  }

  @Test
  void messagesAreDeliveredOnceAndForwardedToTheMeshButNotBackToTheSource() {
    router.subscribe(T, delivered::add);
    PeerId a = peer("a");
    PeerId b = peer("b");
    peerJoins(a, T);
    peerJoins(b, T);
    WireMessage m = message("author", "hi", 1);
    router.onRpc(a, PubsubFrame.ofMessage(m));
    router.onRpc(b, PubsubFrame.ofMessage(m));
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).from()).isEqualTo(PeerIds.of(key("author").publicKey()));
    assertThat(streams.get(b).messages()).hasSize(1);
    assertThat(streams.get(a).messages()).isEmpty();
  }

  @Test
  void ihaveOfAnUnseenMessageIsAnsweredWithIwantAndIwantIsServedFromTheCache() {
    router.subscribe(T, delivered::add);
    PeerId a = peer("a");
    peerJoins(a, T);
    byte[] unknown = MessageId.of(message("x", "x", 5)).bytes();
    control(
        a, new Control(List.of(new IHave(T, List.of(unknown))), List.of(), List.of(), List.of()));
    IWant want =
        streams.get(a).controls().stream()
            .flatMap(c -> c.iwant().stream())
            .findFirst()
            .orElseThrow();
    assertThat(want.messageIds().get(0)).isEqualTo(unknown);

    PeerId b = peer("b");
    peerJoins(b, T);
    router.publish(T, "cached".getBytes(StandardCharsets.UTF_8));
    WireMessage sent = streams.get(b).messages().get(0);
    int before = streams.get(b).messages().size();
    control(
        b,
        new Control(
            List.of(),
            List.of(new IWant(List.of(MessageId.of(sent).bytes()))),
            List.of(),
            List.of()));
    assertThat(streams.get(b).messages()).hasSize(before + 1);
  }

  @Test
  void heartbeatGossipsIhaveToSubscribedPeersOutsideTheMesh() {
    router.subscribe(T, delivered::add);
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      PeerId p = peer("g" + i);
      peerJoins(p, T);
      ps.add(p);
    }
    router.publish(T, "gossip".getBytes(StandardCharsets.UTF_8));
    router.heartbeat();
    List<PeerId> outside = ps.stream().filter(p -> !router.meshPeers(T).contains(p)).toList();
    assertThat(outside).isNotEmpty();
    for (PeerId p : outside) {
      assertThat(streams.get(p).controls().stream().anyMatch(c -> !c.ihave().isEmpty())).isTrue();
    }
  }

  @Test
  void publishWithoutSubscribersIsQueuedThenSentWhenOneJoins() {
    PeerId a = peer("a");
    PublishResult r = router.publish(T, "early".getBytes(StandardCharsets.UTF_8));
    assertThat(r).isEqualTo(new PublishResult(0, true));
    peerJoins(a, T);
    assertThat(streams.get(a).messages()).hasSize(1);
    assertThat(new String(streams.get(a).messages().get(0).data(), StandardCharsets.UTF_8))
        .isEqualTo("early");
  }

  @Test
  void aFullQueueRefusesInsteadOfDroppingSilently() {
    for (int i = 0; i < GossipParams.SMALL_CLUSTER.maxQueuedPerTopic(); i++) {
      assertThat(router.publish(T, new byte[] {1}).queued()).isTrue();
    }
    assertThat(router.publish(T, new byte[] {1})).isEqualTo(new PublishResult(0, false));
  }

  @Test
  void unsubscribingPrunesTheMesh() {
    var handler = (dev.mero4j.transport.api.MessageHandler) delivered::add;
    router.subscribe(T, handler);
    PeerId a = peer("a");
    peerJoins(a, T);
    router.unsubscribe(T, handler);
    assertThat(streams.get(a).pruned(T)).isTrue();
    assertThat(streams.get(a).rpcs.stream().flatMap(r -> r.subscriptions().stream()))
        .contains(new SubOpts(false, T));
  }

  @Test
  void validatorsDecideDeliveryAndRejectionPenalisesTheSource() {
    router.subscribe(T, delivered::add);
    router.validator(
        T,
        m ->
            switch (new String(m.payload(), StandardCharsets.UTF_8)) {
              case "bad" -> dev.mero4j.transport.api.TopicValidator.Result.REJECT;
              case "dull" -> dev.mero4j.transport.api.TopicValidator.Result.IGNORE;
              default -> dev.mero4j.transport.api.TopicValidator.Result.ACCEPT;
            });
    PeerId a = peer("a");
    PeerId b = peer("b");
    peerJoins(a, T);
    peerJoins(b, T);
    router.onRpc(a, PubsubFrame.ofMessage(message("author", "dull", 1)));
    assertThat(rejected).isEmpty();
    router.onRpc(a, PubsubFrame.ofMessage(message("author", "bad", 2)));
    assertThat(rejected).containsExactly(a);
    router.onRpc(a, PubsubFrame.ofMessage(message("author", "good", 3)));
    assertThat(delivered)
        .extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
        .containsExactly("good");
    assertThat(streams.get(b).messages()).hasSize(1);
  }

  @Test
  void aBadlySignedMessageIsAViolationAndNotDelivered() {
    router.subscribe(T, delivered::add);
    PeerId a = peer("a");
    WireMessage m = message("author", "hi", 1);
    WireMessage bad =
        new WireMessage(
            m.from(),
            "changed".getBytes(StandardCharsets.UTF_8),
            m.seqno(),
            T,
            m.signature(),
            m.key());
    assertThatThrownBy(() -> router.onRpc(a, PubsubFrame.ofMessage(bad)))
        .isInstanceOf(ProtocolViolationException.class);
    assertThat(delivered).isEmpty();
  }
}
