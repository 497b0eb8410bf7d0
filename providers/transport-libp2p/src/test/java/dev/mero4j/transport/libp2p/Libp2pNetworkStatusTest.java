package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Network status (listen, observed, connections) and disconnect on real sockets. */
class Libp2pNetworkStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private Libp2pTransport node(String name, String listen) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of(listen), List.of()));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  @Test
  void statusListsDialableListenAddressesConnectionsAndObservedAddresses() {
    Libp2pTransport a = node("status-a", "/ip4/127.0.0.1/tcp/0");
    Libp2pTransport b = node("status-b", "/ip4/127.0.0.1/tcp/0");
    PeerId idA = a.localPeer().id();
    PeerId idB = b.localPeer().id();
    String listenA = a.localPeer().listenAddresses().get(0);
    b.connect(idA, List.of(listenA)).toCompletableFuture().join();

    NetworkStatus sa = a.networkStatus();
    assertThat(sa.reachability()).isEqualTo(NetworkStatus.Reachability.UNKNOWN);
    assertThat(sa.listenAddresses()).containsExactly(listenA + "/p2p/" + idA.value());
    assertThat(sa.relayAddresses()).isEmpty();
    assertThat(sa.routingTableSize()).isZero();
    await().atMost(WAIT).until(() -> a.networkStatus().connections().size() == 1);
    ConnectionInfo inbound = a.networkStatus().connections().get(0);
    assertThat(inbound.peer()).isEqualTo(idB);
    assertThat(inbound.outbound()).isFalse();
    assertThat(inbound.relayed()).isFalse();
    assertThat(inbound.remoteAddress()).startsWith("/ip4/127.0.0.1/tcp/");
    ConnectionInfo outbound = b.networkStatus().connections().get(0);
    assertThat(outbound.peer()).isEqualTo(idA);
    assertThat(outbound.outbound()).isTrue();
    assertThat(outbound.remoteAddress()).startsWith(listenA);

    // identify: B tells A where it sees A (A's listen address, since B dialled it), and A tells
    // B the ephemeral address B's connection came from.
    await().atMost(WAIT).until(() -> a.networkStatus().observedAddresses().contains(listenA));
    await()
        .atMost(WAIT)
        .until(() -> b.networkStatus().observedAddresses().contains(inbound.remoteAddress()));
  }

  @Test
  void disconnectClosesEveryConnectionToThePeerAndIsANoOpForStrangers() {
    Libp2pTransport a = node("disc-a", "/ip4/127.0.0.1/tcp/0");
    Libp2pTransport b = node("disc-b", "/ip4/127.0.0.1/tcp/0");
    Libp2pTransport stranger = node("disc-c", "/ip4/127.0.0.1/tcp/0");
    PeerId idA = a.localPeer().id();
    PeerId idB = b.localPeer().id();
    b.connect(idA, a.localPeer().listenAddresses()).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> a.connectedPeers().contains(idB));

    a.disconnect(stranger.localPeer().id());
    assertThat(a.connectedPeers()).containsExactly(idB);

    a.disconnect(idB);
    await().atMost(WAIT).until(() -> a.connectedPeers().isEmpty() && b.connectedPeers().isEmpty());
    assertThat(a.networkStatus().connections()).isEmpty();
    assertThat(b.networkStatus().connections()).isEmpty();
  }
}
