package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubProtocol;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A peer that resets our gossip stream while the connection stays open still gets our gossip. */
class Libp2pGossipStreamResetTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOPIC = "reset-gossip";

  /** No periodic sync runs at the transport: only a reopened gossip stream delivers this fast. */
  private static final Duration GOSSIP = Duration.ofSeconds(2);

  @RegisterExtension final LocalNodes nodes = new LocalNodes();

  private Libp2pTransport node(String name) {
    return nodes.node(name);
  }

  /** Keeps every inbound gossipsub stream {@code t} accepts, still served by its own handler. */
  private static List<Libp2pStream> recordInboundGossipStreams(Libp2pTransport t) {
    List<Libp2pStream> inbound = new CopyOnWriteArrayList<>();
    for (String id : PubsubProtocol.IDS) {
      StreamProtocolHandler real = t.pubsubHandler();
      t.host()
          .handle(
              id,
              (stream, protocol) -> {
                inbound.add(stream);
                return real.accept(stream, protocol);
              });
    }
    return inbound;
  }

  @Test
  void aStreamTheReceiverResetsIsOpenedAgainOnTheSameConnection() {
    Libp2pTransport a = node("reset-a");
    Libp2pTransport b = node("reset-b");
    List<Libp2pStream> atB = recordInboundGossipStreams(b);
    List<String> received = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, m -> received.add(new String(m.payload(), StandardCharsets.UTF_8)));
    a.subscribe(TOPIC, m -> {});
    PeerId aId = a.localPeer().id();
    a.dial(b.localPeer().listenAddresses().get(0) + "/p2p/" + b.localPeer().id())
        .toCompletableFuture()
        .join();
    await().atMost(WAIT).until(() -> b.topicPeers(TOPIC).contains(aId));
    a.publish(TOPIC, "before".getBytes(StandardCharsets.UTF_8));
    await().atMost(GOSSIP).until(() -> received.contains("before"));

    List<Libp2pStream> fromA = atB.stream().filter(s -> s.remotePeer().equals(aId)).toList();
    assertThat(fromA).hasSize(1);
    fromA.get(0).reset();
    await()
        .atMost(GOSSIP)
        .until(() -> atB.stream().filter(s -> s.remotePeer().equals(aId)).count() == 2);
    a.publish(TOPIC, "after".getBytes(StandardCharsets.UTF_8));

    await().atMost(GOSSIP).until(() -> received.contains("after"));
    assertThat(a.networkStatus().connections()).hasSize(1);
  }
}
