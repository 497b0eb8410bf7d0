package dev.mero4j.transport.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerListener;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackNetworkStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LoopbackNetwork network = new LoopbackNetwork(new Random(7));
  private final LoopbackTransportProvider provider = new LoopbackTransportProvider(network);
  private final Transport a = provider.start(config(1));
  private final Transport b = provider.start(config(2));

  private static TransportConfig config(int n) {
    return new TransportConfig(
        KeyPair.fromSeed(Hash.sha256(new byte[] {(byte) n}).toBytes()),
        List.of("/memory/0"),
        List.of());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    network.close();
  }

  @Test
  void statusShowsTheListenAddressAndEachLinkWithItsDirection() {
    PeerId idA = a.localPeer().id();
    PeerId idB = b.localPeer().id();
    a.dial(b.localPeer().listenAddresses().get(0)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> b.connectedPeers().contains(idA));

    NetworkStatus sa = a.networkStatus();
    assertThat(sa.listenAddresses())
        .containsExactly(a.localPeer().listenAddresses().get(0) + "/p2p/" + idA.value());
    assertThat(sa.connections())
        .containsExactly(
            new ConnectionInfo(idB, b.localPeer().listenAddresses().get(0), true, false));
    assertThat(b.networkStatus().connections())
        .containsExactly(
            new ConnectionInfo(idA, a.localPeer().listenAddresses().get(0), false, false));
    assertThat(sa.observedAddresses()).isEmpty();
    assertThat(sa.routingTableSize()).isZero();
  }

  @Test
  void disconnectUnlinksBothSidesAndTellsListeners() {
    PeerId idA = a.localPeer().id();
    PeerId idB = b.localPeer().id();
    List<PeerId> goneAtB = new CopyOnWriteArrayList<>();
    b.addPeerListener(
        new PeerListener() {
          @Override
          public void connected(PeerId peer) {}

          @Override
          public void disconnected(PeerId peer) {
            goneAtB.add(peer);
          }
        });
    a.dial(b.localPeer().listenAddresses().get(0)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> b.connectedPeers().contains(idA));

    a.disconnect(new PeerId("loopNobody"));
    assertThat(a.connectedPeers()).containsExactly(idB);

    a.disconnect(idB);
    assertThat(a.connectedPeers()).isEmpty();
    assertThat(a.networkStatus().connections()).isEmpty();
    await().atMost(WAIT).until(() -> b.connectedPeers().isEmpty());
    assertThat(goneAtB).containsExactly(idA);
  }
}
