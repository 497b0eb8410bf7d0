package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java libp2p transport against js-libp2p (the reference peer), both dial directions. */
class JsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "mero4j/interop";

  @RegisterExtension final InteropPeers peers = new InteropPeers();

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  private Libp2pTransport java(String name) {
    return java(name, InteropPeers.LOOPBACK);
  }

  private Libp2pTransport java(String name, String listen) {
    return peers.java(name, listen, DiscoveryOptions.NONE, List.of());
  }

  private static void assertNoiseAndYamux(JsonNode connection) {
    assertThat(connection.path("encryption").asText()).isEqualTo("/noise");
    assertThat(connection.path("multiplexer").asText()).isEqualTo("/yamux/1.0.0");
  }

  private static void assertJsIdentifiedJava(JsPeer js, Libp2pTransport java) {
    JsonNode identified =
        js.await(
            e ->
                e.path("event").asText().equals("identified")
                    && e.path("peerId").asText().equals(java.localPeer().id().value()),
            WAIT);
    assertThat(identified.path("agentVersion").asText()).isEqualTo("mero4j/0.1.0");
    List<String> protocols = new ArrayList<>();
    identified.path("protocols").forEach(p -> protocols.add(p.asText()));
    assertThat(protocols).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/meshsub/1.1.0");
  }

  private static void assertPingsBothWays(JsPeer js, Libp2pTransport java, PeerId jsId) {
    Duration rtt = java.ping(jsId).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    assertThat(rtt).isPositive();
    js.send(Map.of("cmd", "ping", "peer", java.localPeer().id().value()));
    JsonNode pong = js.awaitEvent("pong", WAIT);
    assertThat(pong.path("rtt").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void javaDialsJsWithNoiseAndYamuxThenIdentifyAndPingWorkBothWays() {
    JsPeer js = peers.js();
    Libp2pTransport java = java("java-dials-js");
    PeerId jsId =
        java.dial(js.address()).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    assertThat(jsId.value()).isEqualTo(js.peerId());
    assertNoiseAndYamux(js.awaitEvent("connection", WAIT));
    await().atMost(WAIT).until(() -> java.agentVersion(jsId).isPresent());
    assertThat(java.agentVersion(jsId).orElseThrow()).contains("js-libp2p");
    assertThat(java.protocols(jsId)).contains("/ipfs/ping/1.0.0", "/meshsub/1.1.0");
    assertJsIdentifiedJava(js, java);
    assertPingsBothWays(js, java, jsId);
  }

  @Test
  void jsDialsJavaWithNoiseAndYamuxThenIdentifyAndPingWorkBothWays() {
    Libp2pTransport java = java("js-dials-java");
    JsPeer js = peers.js("--dial", InteropPeers.address(java));
    JsonNode dialed = js.awaitEvent("dialed", WAIT);
    assertThat(dialed.path("peerId").asText()).isEqualTo(java.localPeer().id().value());
    assertNoiseAndYamux(dialed);
    PeerId jsId = new PeerId(js.peerId());
    await().atMost(WAIT).until(() -> java.connectedPeers().contains(jsId));
    await().atMost(WAIT).until(() -> java.agentVersion(jsId).isPresent());
    assertJsIdentifiedJava(js, java);
    assertPingsBothWays(js, java, jsId);
  }

  @Test
  void jsLearnsInterfaceAddressesNotTheWildcardFromAJavaPeerListeningOnAllInterfaces() {
    Libp2pTransport java = java("wildcard", "/ip4/0.0.0.0/tcp/0");
    JsPeer js = peers.js("--dial", InteropPeers.address(java));
    JsonNode identified =
        js.await(
            e ->
                e.path("event").asText().equals("identified")
                    && e.path("peerId").asText().equals(java.localPeer().id().value()),
            WAIT);
    List<String> announced = new ArrayList<>();
    identified.path("listenAddrs").forEach(a -> announced.add(a.asText()));
    assertThat(announced)
        .as(identified.toString())
        .isNotEmpty()
        .noneMatch(a -> a.contains("0.0.0.0"))
        .contains(java.localPeer().listenAddresses().get(0));
    assertThat(java.localPeer().listenAddresses().get(0)).startsWith("/ip4/127.0.0.1/tcp/");
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }

  private static void joinTopic(JsPeer js, Libp2pTransport java, List<Message> atJava) {
    java.subscribe(TOPIC, atJava::add);
    js.send(Map.of("cmd", "subscribe", "topic", TOPIC));
    PeerId jsId = new PeerId(js.peerId());
    await().atMost(WAIT).until(() -> java.topicPeers(TOPIC).contains(jsId));
    js.await(
        e ->
            e.path("event").asText().equals("subscription")
                && e.path("peerId").asText().equals(java.localPeer().id().value()),
        WAIT);
  }

  @Test
  void gossipPublishedOnEachSideArrivesOnTheOther() {
    JsPeer js = peers.js();
    Libp2pTransport java = java("gossip-both-ways");
    java.dial(js.address()).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    List<Message> atJava = new CopyOnWriteArrayList<>();
    joinTopic(js, java, atJava);

    assertThat(java.publish(TOPIC, "from-java".getBytes(StandardCharsets.UTF_8)).peers())
        .isEqualTo(1);
    JsonNode got = js.awaitEvent("message", WAIT);
    assertThat(got.path("data").asText()).isEqualTo("from-java");
    assertThat(got.path("from").asText()).isEqualTo(java.localPeer().id().value());
    assertThat(got.path("topic").asText()).isEqualTo(TOPIC);

    js.send(Map.of("cmd", "publish", "topic", TOPIC, "data", "from-js"));
    await().atMost(WAIT).until(() -> atJava.size() == 1);
    assertThat(texts(atJava)).containsExactly("from-js");
    assertThat(atJava.get(0).from().value()).isEqualTo(js.peerId());
  }

  @Test
  void aThousandMessagesEachWayArriveWithNoneLost() {
    Libp2pTransport java = java("thousand-each-way");
    JsPeer js = peers.js("--dial", InteropPeers.address(java));
    js.awaitEvent("dialed", WAIT);
    List<Message> atJava = new CopyOnWriteArrayList<>();
    joinTopic(js, java, atJava);

    for (int i = 0; i < 1000; i++) {
      assertThat(java.publish(TOPIC, ("j" + i).getBytes(StandardCharsets.UTF_8)).peers())
          .isEqualTo(1);
    }
    await().atMost(WAIT).until(() -> js.events("message").size() >= 1000);
    Set<String> atJs = new HashSet<>();
    js.events("message").forEach(e -> atJs.add(e.path("data").asText()));
    assertThat(atJs).hasSize(1000).contains("j0", "j999");

    js.send(Map.of("cmd", "publish", "topic", TOPIC, "data", "s", "count", 1000));
    js.awaitEvent("published", WAIT);
    await().atMost(WAIT).until(() -> atJava.size() >= 1000);
    assertThat(new HashSet<>(texts(atJava))).hasSize(1000).contains("s0", "s999");
    assertThat(js.events("error")).isEmpty();
  }

  @Test
  void jsRelaysGossipBetweenTwoJavaPeersThatAreNotConnected() {
    JsPeer js = peers.js();
    Libp2pTransport a = java("relay-a");
    Libp2pTransport b = java("relay-b");
    a.dial(js.address()).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    b.dial(js.address()).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    List<Message> atA = new CopyOnWriteArrayList<>();
    List<Message> atB = new CopyOnWriteArrayList<>();
    joinTopic(js, a, atA);
    b.subscribe(TOPIC, atB::add);
    await().atMost(WAIT).until(() -> b.topicPeers(TOPIC).contains(new PeerId(js.peerId())));
    a.publish(TOPIC, "a-to-b".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> atB.size() == 1);
    assertThat(atB.get(0).from()).isEqualTo(a.localPeer().id());
    b.publish(TOPIC, "b-to-a".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> atA.size() == 1);
    assertThat(texts(atA)).containsExactly("b-to-a");
    assertThat(a.connectedPeers()).doesNotContain(b.localPeer().id());
  }

  @Test
  void javaRelaysGossipBetweenTwoJsPeersThatAreNotConnected() {
    Libp2pTransport java = java("relay-java");
    List<Message> atJava = new CopyOnWriteArrayList<>();
    java.subscribe(TOPIC, atJava::add);
    JsPeer js1 = peers.js("--dial", InteropPeers.address(java));
    JsPeer js2 = peers.js("--dial", InteropPeers.address(java));
    for (JsPeer js : List.of(js1, js2)) {
      js.awaitEvent("dialed", WAIT);
      js.send(Map.of("cmd", "subscribe", "topic", TOPIC));
      PeerId id = new PeerId(js.peerId());
      await().atMost(WAIT).until(() -> java.topicPeers(TOPIC).contains(id));
    }
    await().atMost(WAIT).until(() -> java.meshPeers(TOPIC).size() == 2);
    js1.send(Map.of("cmd", "publish", "topic", TOPIC, "data", "one-to-two"));
    JsonNode got = js2.awaitEvent("message", WAIT);
    assertThat(got.path("data").asText()).isEqualTo("one-to-two");
    assertThat(got.path("from").asText()).isEqualTo(js1.peerId());
    await().atMost(WAIT).until(() -> atJava.size() == 1);
  }
}
