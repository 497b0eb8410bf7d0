package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bootstrap, reconnection with backoff and connection limits. */
class Libp2pConnectionManagementTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  private Libp2pTransport node(
      String name, Libp2pOptions options, String listen, List<String> bootstrap) {
    Libp2pTransport t =
        new Libp2pTransportProvider(options)
            .start(new TransportConfig(key(name), List.of(listen), bootstrap));
    nodes.add(t);
    return t;
  }

  private Libp2pTransport node(String name) {
    return node(name, Libp2pOptions.defaults(), "/ip4/127.0.0.1/tcp/0", List.of());
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  @Test
  void bootstrapPeersAreDialledAtStart() {
    Libp2pTransport seed = node("seed");
    Libp2pTransport joiner =
        node("joiner", Libp2pOptions.defaults(), "/ip4/127.0.0.1/tcp/0", List.of(address(seed)));
    await().atMost(WAIT).until(() -> joiner.connectedPeers().contains(seed.localPeer().id()));
    await().atMost(WAIT).until(() -> seed.connectedPeers().contains(joiner.localPeer().id()));
  }

  @Test
  void aLostBootstrapPeerIsRedialledWhenItComesBack() {
    Libp2pTransport seed = node("seed-2");
    String seedAddress = address(seed);
    String listen = seed.localPeer().listenAddresses().get(0);
    Libp2pOptions fast =
        Libp2pOptions.defaults().withRedial(Duration.ofMillis(100), Duration.ofMillis(500));
    Libp2pTransport joiner = node("joiner-2", fast, "/ip4/127.0.0.1/tcp/0", List.of(seedAddress));
    PeerId seedId = seed.localPeer().id();
    await().atMost(WAIT).until(() -> joiner.connectedPeers().contains(seedId));
    seed.close();
    await().atMost(WAIT).until(() -> !joiner.connectedPeers().contains(seedId));
    Libp2pTransport reborn = node("seed-2", Libp2pOptions.defaults(), listen, List.of());
    assertThat(reborn.localPeer().id()).isEqualTo(seedId);
    await().atMost(WAIT).until(() -> joiner.connectedPeers().contains(seedId));
  }

  @Test
  void bootstrapPeersThatAreDownAtStartAreReachedLater() {
    Libp2pTransport probe = node("probe");
    String listen = probe.localPeer().listenAddresses().get(0);
    probe.close();
    String address = listen + "/p2p/" + PeerIds.of(key("late").publicKey());
    Libp2pOptions fast =
        Libp2pOptions.defaults().withRedial(Duration.ofMillis(100), Duration.ofMillis(500));
    Libp2pTransport early = node("early", fast, "/ip4/127.0.0.1/tcp/0", List.of(address));
    Libp2pTransport late = node("late", Libp2pOptions.defaults(), listen, List.of());
    await().atMost(WAIT).until(() -> early.connectedPeers().contains(late.localPeer().id()));
  }

  @Test
  void connectionsBeyondTheTotalLimitAreRefusedAndExistingOnesKept() {
    Libp2pTransport hub =
        node(
            "hub",
            Libp2pOptions.defaults().withLimits(8, 2, 128),
            "/ip4/127.0.0.1/tcp/0",
            List.of());
    Libp2pTransport a = node("a");
    Libp2pTransport b = node("b");
    Libp2pTransport c = node("c");
    a.dial(address(hub)).toCompletableFuture().join();
    b.dial(address(hub)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> hub.connectedPeers().size() == 2);
    c.dial(address(hub)).toCompletableFuture().handle((r, e) -> null).join();
    await().atMost(WAIT).until(() -> !c.connectedPeers().contains(hub.localPeer().id()));
    assertThat(hub.connectedPeers())
        .containsExactlyInAnyOrder(a.localPeer().id(), b.localPeer().id());
    assertThat(a.ping(hub.localPeer().id()).toCompletableFuture().join()).isPositive();
  }

  @Test
  void finishedStreamsAreReleasedFromTheHostWideBudget() {
    Libp2pTransport a = node("budget-a");
    Libp2pTransport b = node("budget-b");
    b.serve("/mero4j/echo/1", (from, req) -> req);
    a.dial(address(b)).toCompletableFuture().join();
    PeerId bId = b.localPeer().id();
    a.request(bId, "/mero4j/echo/1", new byte[] {1}, WAIT).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> a.host().streams().open() <= 2);
    int idle = a.host().streams().open();
    for (int i = 0; i < 50; i++) {
      a.request(bId, "/mero4j/echo/1", new byte[] {(byte) i}, WAIT).toCompletableFuture().join();
      a.ping(bId).toCompletableFuture().join();
    }
    assertThatThrownBy(
            () -> a.request(bId, "/mero4j/none/1", new byte[1], WAIT).toCompletableFuture().join())
        .hasCauseInstanceOf(dev.mero4j.transport.api.TransportException.class);
    await().atMost(WAIT).until(() -> a.host().streams().open() == idle);
    await().atMost(WAIT).until(() -> b.host().streams().open() == idle);
  }

  @Test
  void aPeerThatGoesSilentIsDroppedByKeepAliveWhileLivePeersStay() {
    Libp2pOptions fastKeepAlive =
        Libp2pOptions.defaults().withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(300));
    Libp2pTransport victim =
        node("keepalive-victim", fastKeepAlive, "/ip4/127.0.0.1/tcp/0", List.of());
    Libp2pTransport live = node("keepalive-live", fastKeepAlive, "/ip4/127.0.0.1/tcp/0", List.of());
    Libp2pTransport silent = node("keepalive-silent");
    live.dial(address(victim)).toCompletableFuture().join();
    silent.dial(address(victim)).toCompletableFuture().join();
    PeerId silentId = silent.localPeer().id();
    await().atMost(WAIT).until(() -> victim.agentVersion(silentId).isPresent());
    silent.host().stopReadingForTesting(victim.localPeer().id());
    await().atMost(WAIT).until(() -> !victim.connectedPeers().contains(silentId));
    assertThat(victim.connectedPeers()).contains(live.localPeer().id());
    assertThat(live.ping(victim.localPeer().id()).toCompletableFuture().join()).isPositive();
  }

  @Test
  void connectTriesTheNextAddressWhenOneReachesAnotherPeer() throws Exception {
    // An invitation lists 127.0.0.1 first: from another machine (or network namespace) that
    // address reaches some other node, and the dial must go on to the inviter's next address.
    Libp2pTransport inviter = node("inviter");
    Libp2pTransport bystander = node("bystander");
    Libp2pTransport joiner = node("joiner");
    PeerId target = inviter.localPeer().id();
    String wrong = bystander.localPeer().listenAddresses().get(0);
    String right = inviter.localPeer().listenAddresses().get(0);

    PeerId reached =
        joiner
            .connect(target, List.of(wrong, right))
            .toCompletableFuture()
            .get(20, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(reached).isEqualTo(target);
    assertThat(joiner.connectedPeers()).contains(target);
  }

  @Test
  void dialingNobodyFailsWithPeerUnreachable() {
    Libp2pTransport a = node("lonely");
    Libp2pTransport gone = node("gone");
    String address = address(gone);
    gone.close();
    assertThatThrownBy(() -> a.dial(address).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(PeerUnreachableException.class);
    assertThatThrownBy(() -> a.dial("not-a-multiaddr").toCompletableFuture().join())
        .hasCauseInstanceOf(PeerUnreachableException.class);
  }

  @Test
  void listeningOnABoundPortIsAddressInUse() {
    Libp2pTransport a = node("first");
    assertThatThrownBy(
            () ->
                node(
                    "second",
                    Libp2pOptions.defaults(),
                    a.localPeer().listenAddresses().get(0),
                    List.of()))
        .isInstanceOf(AddressInUseException.class);
  }

  @Test
  void embeddedTransportsDiscoverNothingWhileNodeDefaultsDiscoverOnTheLan() {
    // That the jar registers the provider for ServiceLoader (generated by bnd at package time) is
    // checked on the built distribution by integration-tests/jpms-it.
    TransportConfig embedded =
        new TransportConfig(
            KeyPair.fromSeed(new byte[32]), List.of("/ip4/127.0.0.1/tcp/0"), List.of());
    assertThat(embedded.discovery()).isEqualTo(DiscoveryOptions.NONE);
    assertThat(DiscoveryOptions.NONE.mdns()).isFalse();
    assertThat(DiscoveryOptions.DEFAULTS.mdns()).isTrue();
    assertThat(DiscoveryOptions.DEFAULTS.dht()).isTrue();
  }
}
