package dev.mero4j.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerListener;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.Subscription;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.api.TransportProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TransportProvider} fulfils; a provider's test subclasses it and
 * supplies the provider and a listen address.
 */
public abstract class TransportContractTest {
  /** Generous: the suite must pass on a loaded two-core CI machine. */
  protected static final Duration WAIT = Duration.ofSeconds(30);

  private static final String TOPIC = "tck/topic";

  private final List<Transport> started = new ArrayList<>();
  private int nodeCounter;

  /** The provider under test. */
  protected abstract TransportProvider provider();

  /** A listen address that binds a fresh endpoint, such as {@code /ip4/127.0.0.1/tcp/0}. */
  protected abstract String listenAddress();

  /** Starts a node with a deterministic identity. */
  protected Transport startNode() {
    KeyPair identity =
        KeyPair.fromSeed(
            Hash.sha256(
                    ("tck-" + getClass().getName() + "-" + nodeCounter++)
                        .getBytes(StandardCharsets.UTF_8))
                .toBytes());
    Transport transport =
        provider().start(new TransportConfig(identity, List.of(listenAddress()), List.of()));
    started.add(transport);
    return transport;
  }

  /** The address another node dials to reach {@code target}. */
  protected static String dialAddress(Transport target) {
    Transport.PeerInfo info = target.localPeer();
    return info.listenAddresses().get(0) + "/p2p/" + info.id();
  }

  /** Dials {@code b} from {@code a} and waits until both see the connection. */
  protected static void connect(Transport a, Transport b) {
    PeerId id =
        a.dial(dialAddress(b))
            .toCompletableFuture()
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
    assertThat(id).isEqualTo(b.localPeer().id());
    await().atMost(WAIT).until(() -> a.connectedPeers().contains(b.localPeer().id()));
    await().atMost(WAIT).until(() -> b.connectedPeers().contains(a.localPeer().id()));
  }

  /** Waits until {@code publisher} sees every one of {@code subscribers} on {@code topic}. */
  protected static void awaitTopicPeers(
      Transport publisher, String topic, Transport... subscribers) {
    for (Transport s : subscribers) {
      await().atMost(WAIT).until(() -> publisher.topicPeers(topic).contains(s.localPeer().id()));
    }
  }

  @AfterEach
  void closeNodes() {
    for (Transport t : started) {
      t.close();
    }
    started.clear();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void localPeerHasIdAndListenAddress() {
    Transport a = startNode();
    assertThat(a.localPeer().id().value()).isNotBlank();
    assertThat(a.localPeer().listenAddresses()).isNotEmpty();
  }

  @Test
  void twoNodesConnectAndBothSeeThePeerEvent() {
    Transport a = startNode();
    Transport b = startNode();
    List<PeerId> seenByB = new CopyOnWriteArrayList<>();
    b.addPeerListener(listener(seenByB, new CopyOnWriteArrayList<>()));
    connect(a, b);
    await().atMost(WAIT).until(() -> seenByB.contains(a.localPeer().id()));
    assertThat(a.connectedPeers()).containsExactly(b.localPeer().id());
  }

  @Test
  void aFailingPeerListenerDoesNotStopOthersOrTheConnection() {
    Transport a = startNode();
    Transport b = startNode();
    List<PeerId> seen = new CopyOnWriteArrayList<>();
    b.addPeerListener(listener(null, null));
    b.addPeerListener(listener(seen, new CopyOnWriteArrayList<>()));
    connect(a, b);
    await().atMost(WAIT).until(() -> seen.contains(a.localPeer().id()));
    b.serve("/mero4j/tck/1", (from, request) -> request);
    assertThat(
            a.request(b.localPeer().id(), "/mero4j/tck/1", bytes("x"), WAIT)
                .toCompletableFuture()
                .join())
        .isEqualTo(bytes("x"));
  }

  @Test
  void publishedMessageReachesSubscriberWithAuthorAndTopic() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    List<Message> got = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, got::add);
    awaitTopicPeers(a, TOPIC, b);
    PublishResult result = a.publish(TOPIC, bytes("hello"));
    assertThat(result.peers()).isEqualTo(1);
    assertThat(result.queued()).isFalse();
    await().atMost(WAIT).until(() -> got.size() == 1);
    Message m = got.get(0);
    assertThat(m.topic()).isEqualTo(TOPIC);
    assertThat(m.from()).isEqualTo(a.localPeer().id());
    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void manyMessagesArriveExactlyOnceInOrderOnAHealthyLink() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    List<Message> got = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, got::add);
    awaitTopicPeers(a, TOPIC, b);
    for (int i = 0; i < 200; i++) {
      a.publish(TOPIC, bytes("m" + i));
    }
    await().atMost(WAIT).until(() -> got.size() >= 200);
    List<String> texts =
        got.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    assertThat(texts).hasSize(200).doesNotHaveDuplicates().contains("m0", "m199");
  }

  @Test
  void threeNodesAllReceiveAndThePublisherDoesNotHearItself() {
    Transport a = startNode();
    Transport b = startNode();
    Transport c = startNode();
    connect(a, b);
    connect(a, c);
    connect(b, c);
    List<Message> atA = new CopyOnWriteArrayList<>();
    List<Message> atB = new CopyOnWriteArrayList<>();
    List<Message> atC = new CopyOnWriteArrayList<>();
    a.subscribe(TOPIC, atA::add);
    b.subscribe(TOPIC, atB::add);
    c.subscribe(TOPIC, atC::add);
    awaitTopicPeers(a, TOPIC, b, c);
    awaitTopicPeers(b, TOPIC, a, c);
    a.publish(TOPIC, bytes("to-all"));
    await().atMost(WAIT).until(() -> atB.size() == 1 && atC.size() == 1);
    b.publish(TOPIC, bytes("from-b"));
    await().atMost(WAIT).until(() -> atA.size() == 1 && atC.size() == 2);
    assertThat(atA).extracting(Message::from).containsExactly(b.localPeer().id());
  }

  @Test
  void messagesAreRelayedAlongALine() {
    Transport a = startNode();
    Transport b = startNode();
    Transport c = startNode();
    connect(a, b);
    connect(b, c);
    List<Message> atC = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, m -> {});
    c.subscribe(TOPIC, atC::add);
    awaitTopicPeers(a, TOPIC, b);
    awaitTopicPeers(b, TOPIC, c);
    a.publish(TOPIC, bytes("hop"));
    await().atMost(WAIT).until(() -> atC.size() == 1);
    assertThat(atC.get(0).from()).isEqualTo(a.localPeer().id());
    assertThat(atC.get(0).via()).isEqualTo(b.localPeer().id());
    assertThat(c.remoteAddress(b.localPeer().id()))
        .hasValueSatisfying(ip -> ip.isLoopbackAddress());
    assertThat(c.remoteAddress(a.localPeer().id())).isEmpty();
  }

  @Test
  void messagesCrossEveryHopOfARingExactlyOnce() {
    int n = 8;
    List<Transport> ring = new ArrayList<>();
    List<List<Message>> received = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ring.add(startNode());
    }
    for (int i = 0; i < n; i++) {
      connect(ring.get(i), ring.get((i + 1) % n));
      List<Message> got = new CopyOnWriteArrayList<>();
      received.add(got);
      ring.get(i).subscribe(TOPIC, got::add);
    }
    for (int i = 0; i < n; i++) {
      awaitTopicPeers(ring.get(i), TOPIC, ring.get((i + 1) % n), ring.get((i + n - 1) % n));
    }
    ring.get(0).publish(TOPIC, bytes("from-0"));
    ring.get(n / 2).publish(TOPIC, bytes("from-half"));
    for (int i = 0; i < n; i++) {
      int expected = i == 0 || i == n / 2 ? 1 : 2;
      List<Message> got = received.get(i);
      await().atMost(WAIT).until(() -> got.size() >= expected);
    }
    for (int i = 0; i < n; i++) {
      assertThat(received.get(i)).hasSize(i == 0 || i == n / 2 ? 1 : 2);
    }
  }

  @Test
  void messagesAValidatorDoesNotAcceptAreNeitherDeliveredNorPassedOn() {
    Transport a = startNode();
    Transport b = startNode();
    Transport c = startNode();
    connect(a, b);
    connect(b, c);
    List<Message> atB = new CopyOnWriteArrayList<>();
    List<Message> atC = new CopyOnWriteArrayList<>();
    b.validator(
        TOPIC,
        m ->
            switch (new String(m.payload(), StandardCharsets.UTF_8)) {
              case "bad" -> TopicValidator.Result.REJECT;
              case "dull" -> TopicValidator.Result.IGNORE;
              default -> TopicValidator.Result.ACCEPT;
            });
    b.subscribe(TOPIC, atB::add);
    c.subscribe(TOPIC, atC::add);
    awaitTopicPeers(a, TOPIC, b);
    awaitTopicPeers(b, TOPIC, c);
    a.publish(TOPIC, bytes("bad"));
    a.publish(TOPIC, bytes("dull"));
    a.publish(TOPIC, bytes("good"));
    await().atMost(WAIT).until(() -> atC.size() == 1 && atB.size() == 1);
    assertThat(atB.get(0).payload()).isEqualTo(bytes("good"));
    assertThat(atC.get(0).payload()).isEqualTo(bytes("good"));
  }

  @Test
  void publishBeforeAnySubscriberIsQueuedAndDeliveredOnceOneJoins() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    PublishResult early = a.publish(TOPIC, bytes("early"));
    assertThat(early.peers()).isZero();
    assertThat(early.queued()).isTrue();
    List<Message> got = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, got::add);
    await().atMost(WAIT).until(() -> got.size() == 1);
    assertThat(got.get(0).payload()).isEqualTo(bytes("early"));
  }

  @Test
  void closingASubscriptionStopsDeliveryAndLeavesTheTopic() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    List<Message> got = new CopyOnWriteArrayList<>();
    Subscription sub = b.subscribe(TOPIC, got::add);
    assertThat(sub.topic()).isEqualTo(TOPIC);
    awaitTopicPeers(a, TOPIC, b);
    sub.close();
    await().atMost(WAIT).until(() -> !a.topicPeers(TOPIC).contains(b.localPeer().id()));
    PublishResult result = a.publish(TOPIC, bytes("after-leave"));
    assertThat(result.peers()).isZero();
    assertThat(got).isEmpty();
  }

  @Test
  void requestGetsTheHandlersResponse() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    b.serve(
        "/mero4j/tck/1",
        (from, request) -> {
          assertThat(from).isEqualTo(a.localPeer().id());
          return ("echo:" + new String(request, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
        });
    byte[] response =
        a.request(b.localPeer().id(), "/mero4j/tck/1", bytes("ping"), WAIT)
            .toCompletableFuture()
            .join();
    assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("echo:ping");
  }

  @Test
  void largeRequestAndResponseRoundTrip() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    b.serve("/mero4j/tck/1", (from, request) -> request);
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    byte[] response =
        a.request(b.localPeer().id(), "/mero4j/tck/1", big, WAIT).toCompletableFuture().join();
    assertThat(response).isEqualTo(big);
  }

  @Test
  void requestForAnUnservedProtocolFailsWithATransportException() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    assertThatThrownBy(
            () ->
                a.request(b.localPeer().id(), "/mero4j/nothing/1", bytes("x"), WAIT)
                    .toCompletableFuture()
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(TransportException.class);
  }

  @Test
  void aThrowingHandlerFailsTheRequestButNotTheConnection() {
    Transport a = startNode();
    Transport b = startNode();
    connect(a, b);
    b.serve(
        "/mero4j/tck/1",
        (from, request) -> {
          if (request.length == 0) {
            throw new IllegalArgumentException("empty");
          }
          return request;
        });
    assertThatThrownBy(
            () ->
                a.request(b.localPeer().id(), "/mero4j/tck/1", new byte[0], WAIT)
                    .toCompletableFuture()
                    .join())
        .hasCauseInstanceOf(TransportException.class);
    byte[] ok =
        a.request(b.localPeer().id(), "/mero4j/tck/1", bytes("ok"), WAIT)
            .toCompletableFuture()
            .join();
    assertThat(ok).isEqualTo(bytes("ok"));
    assertThat(a.connectedPeers()).contains(b.localPeer().id());
  }

  @Test
  void requestToAnUnknownPeerFails() {
    Transport a = startNode();
    Transport b = startNode();
    PeerId stranger = b.localPeer().id();
    assertThatThrownBy(
            () ->
                a.request(stranger, "/mero4j/tck/1", bytes("x"), Duration.ofSeconds(5))
                    .toCompletableFuture()
                    .join())
        .hasCauseInstanceOf(TransportException.class);
  }

  @Test
  void closingANodeTellsItsPeersAndRejectsFurtherUse() {
    Transport a = startNode();
    Transport b = startNode();
    List<PeerId> gone = new CopyOnWriteArrayList<>();
    a.addPeerListener(listener(new CopyOnWriteArrayList<>(), gone));
    connect(a, b);
    PeerId bId = b.localPeer().id();
    b.close();
    await().atMost(WAIT).until(() -> gone.contains(bId));
    assertThat(a.connectedPeers()).doesNotContain(bId);
    assertThatThrownBy(() -> b.publish(TOPIC, bytes("x")))
        .isInstanceOf(TransportClosedException.class);
    assertThatThrownBy(() -> b.subscribe(TOPIC, m -> {}))
        .isInstanceOf(TransportClosedException.class);
    b.close();
  }

  @Test
  void aNodeSurvivesAPeerLeavingAndKeepsServingOthers() {
    Transport a = startNode();
    Transport b = startNode();
    Transport c = startNode();
    connect(a, b);
    connect(a, c);
    List<Message> atC = new CopyOnWriteArrayList<>();
    c.subscribe(TOPIC, atC::add);
    b.subscribe(TOPIC, m -> {});
    awaitTopicPeers(a, TOPIC, b, c);
    b.close();
    await().atMost(WAIT).until(() -> !a.connectedPeers().contains(b.localPeer().id()));
    a.publish(TOPIC, bytes("still-here"));
    await().atMost(WAIT).until(() -> atC.size() == 1);
    assertThat(a.topicPeers(TOPIC)).containsExactly(c.localPeer().id());
    assertThat(Set.copyOf(a.connectedPeers())).containsExactly(c.localPeer().id());
  }

  private static PeerListener listener(List<PeerId> connected, List<PeerId> disconnected) {
    return new PeerListener() {
      @Override
      public void connected(PeerId peer) {
        connected.add(peer);
      }

      @Override
      public void disconnected(PeerId peer) {
        disconnected.add(peer);
      }
    };
  }
}
