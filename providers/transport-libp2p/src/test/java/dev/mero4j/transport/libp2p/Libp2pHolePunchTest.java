package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.dcutr.HolePunchMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DCUtR on real sockets: a relayed connection between two NAT-traversing nodes turns direct. */
class Libp2pHolePunchTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ECHO = "/mero4j/test/echo/1";
  private static final String TOPIC = "punched-gossip";

  /** Far below any periodic sync: only a live gossip stream delivers a message this fast. */
  private static final Duration GOSSIP = Duration.ofSeconds(2);

  private static final DiscoveryOptions RELAY =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, true, false);
  private static final DiscoveryOptions TRAVERSE =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private Libp2pTransport node(String name, DiscoveryOptions discovery, List<String> bootstrap) {
    return node(name, discovery, bootstrap, "/ip4/127.0.0.1/tcp/0");
  }

  private Libp2pTransport node(
      String name, DiscoveryOptions discovery, List<String> bootstrap, String listen) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of(listen), bootstrap, discovery));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  private static List<ConnectionInfo> connectionsTo(Libp2pTransport t, PeerId peer) {
    return t.networkStatus().connections().stream().filter(c -> c.peer().equals(peer)).toList();
  }

  @Test
  void aRelayedConnectionIsReplacedByADirectOne() {
    Libp2pTransport r = node("punch-relay", RELAY, List.of());
    Libp2pTransport a = node("punch-a", TRAVERSE, List.of(address(r)));
    Libp2pTransport b = node("punch-b", TRAVERSE, List.of());
    a.serve(ECHO, (from, request) -> request);
    await().atMost(WAIT).until(() -> !a.networkStatus().relayAddresses().isEmpty());

    PeerId peer = b.dial(a.networkStatus().relayAddresses().get(0)).toCompletableFuture().join();
    assertThat(connectionsTo(b, peer)).extracting(ConnectionInfo::relayed).containsExactly(true);
    await().atMost(WAIT).until(() -> b.protocols(peer).contains(HolePunchMessage.PROTOCOL));

    await()
        .atMost(WAIT)
        .until(
            () ->
                !connectionsTo(b, peer).isEmpty()
                    && connectionsTo(b, peer).stream().noneMatch(ConnectionInfo::relayed));
    await()
        .atMost(WAIT)
        .until(
            () -> connectionsTo(a, b.localPeer().id()).stream().noneMatch(ConnectionInfo::relayed));
    byte[] answer =
        b.request(peer, ECHO, "direct".getBytes(StandardCharsets.UTF_8), WAIT)
            .toCompletableFuture()
            .join();
    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("direct");
    assertThat(connectionsTo(b, peer).get(0).remoteAddress()).doesNotContain("p2p-circuit");
  }

  @Test
  void gossipMovesToTheDirectConnectionWhenTheRelayedOneIsClosed() {
    // Gossip streams are long-lived: the ones opened on the relayed connection die with it, and the
    // peer stays connected (directly), so they must be reopened on the direct connection.
    Libp2pTransport r = node("gossip-punch-relay", RELAY, List.of());
    Libp2pTransport a = node("gossip-punch-a", TRAVERSE, List.of(address(r)));
    Libp2pTransport b = node("gossip-punch-b", TRAVERSE, List.of());
    List<String> onB = new CopyOnWriteArrayList<>();
    List<String> onA = new CopyOnWriteArrayList<>();
    b.subscribe(TOPIC, m -> onB.add(new String(m.payload(), StandardCharsets.UTF_8)));
    a.subscribe(TOPIC, m -> onA.add(new String(m.payload(), StandardCharsets.UTF_8)));
    await().atMost(WAIT).until(() -> !a.networkStatus().relayAddresses().isEmpty());

    PeerId peer = b.dial(a.networkStatus().relayAddresses().get(0)).toCompletableFuture().join();
    PeerId bId = b.localPeer().id();
    await().atMost(WAIT).until(() -> a.topicPeers(TOPIC).contains(bId));
    await()
        .atMost(WAIT)
        .until(() -> onlyDirect(connectionsTo(a, bId)) && onlyDirect(connectionsTo(b, peer)));

    a.publish(TOPIC, "a over the punched path".getBytes(StandardCharsets.UTF_8));
    b.publish(TOPIC, "b over the punched path".getBytes(StandardCharsets.UTF_8));

    await().atMost(GOSSIP).until(() -> onB.contains("a over the punched path"));
    await().atMost(GOSSIP).until(() -> onA.contains("b over the punched path"));
    assertThat(onlyDirect(connectionsTo(a, bId))).isTrue();
  }

  private static boolean onlyDirect(List<ConnectionInfo> connections) {
    return !connections.isEmpty() && connections.stream().noneMatch(ConnectionInfo::relayed);
  }

  @Test
  void aNodeListeningOnTheWildcardAddressDialsFromItsListenPort() {
    // A NAT maps the listen port once; the relay observes that mapping and hole punching offers it,
    // so every dial (to the relay, the punch) must leave from the listen port, also when the node
    // listens on 0.0.0.0 as `mero4j init` makes it.
    Libp2pTransport r = node("wildcard-relay", RELAY, List.of());
    Libp2pTransport a = node("wildcard-a", TRAVERSE, List.of(), "/ip4/0.0.0.0/tcp/0");
    String port = a.networkStatus().listenAddresses().get(0).replaceFirst(".*/tcp/(\\d+).*", "$1");

    a.dial(address(r)).toCompletableFuture().join();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(connectionsTo(r, a.localPeer().id()))
                    .extracting(ConnectionInfo::remoteAddress)
                    .containsExactly("/ip4/127.0.0.1/tcp/" + port));
  }

  @Test
  void ipv6DialsLeaveFromTheListenPortToo() {
    // The same for IPv6: from a node listening on the IPv6 wildcard, and from one listening on the
    // IPv4 wildcard (`mero4j init`), whose dual-stack socket accepts IPv6 connections as well.
    Libp2pTransport r = ipv6Node("v6-relay", RELAY, "/ip6/::1/tcp/0");
    for (String listen : List.of("/ip6/::/tcp/0", "/ip4/0.0.0.0/tcp/0")) {
      Libp2pTransport a = node("v6-" + listen, TRAVERSE, List.of(), listen);
      String port =
          a.networkStatus().listenAddresses().get(0).replaceFirst(".*/tcp/(\\d+).*", "$1");

      a.dial(address(r)).toCompletableFuture().join();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(connectionsTo(r, a.localPeer().id()))
                      .extracting(ConnectionInfo::remoteAddress)
                      .singleElement(InstanceOfAssertFactories.STRING)
                      .startsWith("/ip6/")
                      .endsWith("/tcp/" + port));
    }
  }

  /** A node listening on {@code listen}; skips the test where this host has no IPv6 loopback. */
  private Libp2pTransport ipv6Node(String name, DiscoveryOptions discovery, String listen) {
    try {
      return node(name, discovery, List.of(), listen);
    } catch (RuntimeException e) {
      assumeThat(e).as("this host cannot listen on IPv6 loopback (::1)").isNull();
      throw e;
    }
  }

  @Test
  void portReuseForHolePunchingStillRefusesAPortAnotherNodeListensOn() {
    Libp2pTransport a = node("port-a", TRAVERSE, List.of());
    String taken = a.localPeer().listenAddresses().get(0);

    assertThatThrownBy(() -> node("port-b", TRAVERSE, List.of(), taken))
        .isInstanceOf(AddressInUseException.class);
  }
}
