package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.kad.SignedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DHT between real transports on 127.0.0.1. */
class Libp2pKadTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final DiscoveryOptions DHT =
      new DiscoveryOptions(false, true, DiscoveryOptions.PRIVATE_DHT, false, false);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  private Libp2pTransport node(String name, List<String> bootstrap, DiscoveryOptions discovery) {
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(
                new TransportConfig(
                    key(name), List.of("/ip4/127.0.0.1/tcp/0"), bootstrap, discovery));
    nodes.add(t);
    return t;
  }

  static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  private static PeerRouting routing(Libp2pTransport t) {
    return t.routing().orElseThrow();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aProviderOnAIsFoundByCWhoOnlyKnowsBAndCCanDialIt() {
    Libp2pTransport b = node("kad-b", List.of(), DHT);
    Libp2pTransport a = node("kad-a", List.of(address(b)), DHT);
    Libp2pTransport c = node("kad-c", List.of(address(b)), DHT);
    await()
        .atMost(WAIT)
        .until(() -> routing(a).routingTableSize() >= 1 && routing(c).routingTableSize() >= 1);
    byte[] key = utf8("rendezvous-1");
    routing(a).provide(key).toCompletableFuture().join();
    List<PeerAddresses> found = routing(c).findProviders(key, 5).toCompletableFuture().join();
    assertThat(found).extracting(PeerAddresses::peer).containsExactly(a.localPeer().id());
    assertThat(found.get(0).addresses()).contains(a.localPeer().listenAddresses().get(0));
    c.connect(found.get(0).peer(), found.get(0).addresses()).toCompletableFuture().join();
    assertThat(c.connectedPeers()).contains(a.localPeer().id());
    assertThat(routing(c).findProviders(utf8("nobody"), 5).toCompletableFuture().join()).isEmpty();
    assertThat(c.networkStatus().routingTableSize())
        .isEqualTo(routing(c).routingTableSize())
        .isPositive();
  }

  @Test
  void findPeerReturnsTheAddressesOfAPeerMetThroughAnother() {
    Libp2pTransport b = node("kad-fb", List.of(), DHT);
    Libp2pTransport a = node("kad-fa", List.of(address(b)), DHT);
    Libp2pTransport c = node("kad-fc", List.of(address(b)), DHT);
    await().atMost(WAIT).until(() -> routing(b).routingTableSize() == 2);
    await().atMost(WAIT).until(() -> routing(c).routingTableSize() >= 1);
    Optional<PeerAddresses> found =
        routing(c).findPeer(a.localPeer().id()).toCompletableFuture().join();
    assertThat(found).isPresent();
    assertThat(found.get().addresses()).contains(a.localPeer().listenAddresses().get(0));
  }

  @Test
  void onlyPeersServingTheSameDhtEnterTheTable() {
    Libp2pTransport b = node("kad-ob", List.of(), DHT);
    node("kad-plain", List.of(address(b)), DiscoveryOptions.NONE);
    node(
        "kad-other",
        List.of(address(b)),
        new DiscoveryOptions(false, true, "/other/kad/1.0.0", false, false));
    Libp2pTransport same = node("kad-same", List.of(address(b)), DHT);
    await().atMost(WAIT).until(() -> b.connectedPeers().size() == 3);
    await().atMost(WAIT).until(() -> routing(b).routingTableSize() == 1);
    assertThat(routing(same).routingTableSize()).isEqualTo(1);
    assertThat(node("kad-none", List.of(), DiscoveryOptions.NONE).routing()).isEmpty();
  }

  @Test
  void aSignedRecordPutOnAIsReadFromC() {
    Libp2pTransport b = node("kad-rb", List.of(), DHT);
    Libp2pTransport a = node("kad-ra", List.of(address(b)), DHT);
    Libp2pTransport c = node("kad-rc", List.of(address(b)), DHT);
    await()
        .atMost(WAIT)
        .until(() -> routing(a).routingTableSize() >= 1 && routing(c).routingTableSize() >= 1);
    assertThat(a.kad().values().putValue("inbox", 1, utf8("v1")).join()).isPositive();
    assertThat(a.kad().values().putValue("inbox", 2, utf8("v2")).join()).isPositive();
    byte[] key = SignedRecords.key(a.localPeer().id(), "inbox");
    byte[] value = c.kad().values().getValue(key).join().orElseThrow();
    assertThat(SignedRecords.validate(key, value).data()).isEqualTo(utf8("v2"));
    assertThat(b.kad().dht().records().get(key)).isEqualTo(value);
  }

  @Test
  void provideWithoutAnyDhtPeerFails() {
    Libp2pTransport lonely = node("kad-lonely", List.of(), DHT);
    assertThatThrownBy(() -> routing(lonely).provide(utf8("k")).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("nobody to announce to");
    PeerId nobody =
        key("nobody").publicKey() == null
            ? null
            : dev.mero4j.transport.libp2p.internal.util.PeerIds.of(key("nobody").publicKey());
    assertThat(routing(lonely).findPeer(nobody).toCompletableFuture().join()).isEmpty();
  }
}
