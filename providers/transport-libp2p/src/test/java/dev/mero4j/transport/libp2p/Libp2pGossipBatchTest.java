package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On real transports, a burst published on a Mero4j topic arrives whole and in order while the
 * publisher signs far fewer gossip messages than it published payloads; other topics keep one
 * message per payload.
 */
class Libp2pGossipBatchTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BURST = 20_000;

  @RegisterExtension final LocalNodes nodes = new LocalNodes();

  private Libp2pTransport node(String name) {
    return nodes.node(name);
  }

  private static List<String> connectedOn(Libp2pTransport a, Libp2pTransport b, String topic) {
    List<String> received = new CopyOnWriteArrayList<>();
    b.subscribe(topic, m -> received.add(new String(m.payload(), StandardCharsets.UTF_8)));
    a.subscribe(topic, m -> {});
    PeerId aId = a.localPeer().id();
    a.dial(b.localPeer().listenAddresses().get(0) + "/p2p/" + b.localPeer().id())
        .toCompletableFuture()
        .join();
    await().atMost(WAIT).until(() -> b.topicPeers(topic).contains(aId));
    await().atMost(WAIT).until(() -> a.topicPeers(topic).contains(b.localPeer().id()));
    return received;
  }

  @Test
  void aBurstOnAMeroTopicArrivesInOrderInFarFewerSignedMessages() {
    Libp2pTransport a = node("batch-a");
    Libp2pTransport b = node("batch-b");
    List<String> received = connectedOn(a, b, "/mero4j/ctx/burst");
    List<String> expected = new ArrayList<>(BURST);
    for (int i = 0; i < BURST; i++) {
      expected.add("m" + i);
      a.publish("/mero4j/ctx/burst", ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(WAIT).until(() -> received.size() >= BURST);
    assertThat(received).containsExactlyElementsOf(expected);
    assertThat(a.gossipBatchesSent())
        .as("signed gossip messages for %d payloads", BURST)
        .isPositive()
        .isLessThan(BURST / 4);
  }

  @Test
  void anotherTopicStillCarriesOnePayloadPerMessage() {
    Libp2pTransport a = node("plain-a");
    Libp2pTransport b = node("plain-b");
    List<String> received = connectedOn(a, b, "plain-topic");
    a.publish("plain-topic", "one".getBytes(StandardCharsets.UTF_8));
    a.publish("plain-topic", "two".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> received.size() == 2);
    assertThat(received).containsExactly("one", "two");
    assertThat(a.gossipBatchesSent()).isZero();
  }
}
