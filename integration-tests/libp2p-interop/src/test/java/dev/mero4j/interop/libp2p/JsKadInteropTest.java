package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.Hex;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java Kademlia DHT and js-libp2p's {@code @libp2p/kad-dht} on the public protocol id answer
 * each other's FIND_NODE, ADD_PROVIDER and GET_PROVIDERS.
 */
class JsKadInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String KAD = "/ipfs/kad/1.0.0";
  private static final DiscoveryOptions PUBLIC_DHT =
      new DiscoveryOptions(false, true, KAD, false, false);

  @RegisterExtension final InteropPeers peers = new InteropPeers();

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  private Libp2pTransport java(String name, List<String> bootstrap) {
    return peers.java(name, PUBLIC_DHT, bootstrap);
  }

  private static PeerRouting routing(Libp2pTransport t) {
    return t.routing().orElseThrow();
  }

  /** A sha256 multihash (a CIDv0 in bytes), the key form js-libp2p accepts for providers. */
  private static byte[] multihash(String name) {
    byte[] digest = Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes();
    byte[] out = new byte[34];
    out[0] = 0x12;
    out[1] = 0x20;
    System.arraycopy(digest, 0, out, 2, 32);
    return out;
  }

  private static int jsTableSize(JsPeer js) {
    int before = js.events("dht-table").size();
    js.send(Map.of("cmd", "dht-table"));
    js.await(e -> js.events("dht-table").size() > before, WAIT);
    List<JsonNode> all = js.events("dht-table");
    return all.get(all.size() - 1).path("size").asInt();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void eachSideFindsTheProvidersTheOtherAnnounced() {
    Libp2pTransport java = java("kad-interop-java", List.of());
    JsPeer js = peers.js("--dht", KAD, "--dial", InteropPeers.address(java));
    js.awaitEvent("dialed", WAIT);
    await().atMost(WAIT).until(() -> routing(java).routingTableSize() == 1);
    await().atMost(WAIT).until(() -> jsTableSize(js) >= 1);

    byte[] fromJava = multihash("provided by java");
    routing(java).provide(fromJava).toCompletableFuture().join();
    js.send(Map.of("cmd", "dht-find-providers", "key", Hex.encode(fromJava), "limit", 1));
    JsonNode providers = js.awaitEvent("dht-providers", WAIT).path("providers");
    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).path("peerId").asText()).isEqualTo(java.localPeer().id().value());
    assertThat(texts(providers.get(0).path("addrs")))
        .anyMatch(a -> a.startsWith(java.localPeer().listenAddresses().get(0)));

    byte[] fromJs = multihash("provided by js");
    js.send(Map.of("cmd", "dht-provide", "key", Hex.encode(fromJs)));
    js.awaitEvent("dht-provided", WAIT);
    List<PeerAddresses> found = routing(java).findProviders(fromJs, 5).toCompletableFuture().join();
    assertThat(found).extracting(PeerAddresses::peer).containsExactly(new PeerId(js.peerId()));
    assertThat(found.get(0).addresses()).anyMatch(a -> js.address().startsWith(a));
  }

  @Test
  void eachSideFindsAPeerThroughTheOther() {
    JsPeer hub = peers.js("--dht", KAD);
    Libp2pTransport a = java("kad-interop-a", List.of(hub.address()));
    Libp2pTransport c = java("kad-interop-c", List.of(hub.address()));
    await().atMost(WAIT).until(() -> jsTableSize(hub) == 2);
    await().atMost(WAIT).until(() -> routing(c).routingTableSize() >= 1);

    // a Java node learns a Java peer's addresses through the JS node's FIND_NODE answers
    PeerAddresses foundA =
        routing(c).findPeer(a.localPeer().id()).toCompletableFuture().join().orElseThrow();
    assertThat(foundA.addresses()).contains(a.localPeer().listenAddresses().get(0));

    // a JS node finds that Java peer through a Java node's FIND_NODE answers
    c.connect(a.localPeer().id(), foundA.addresses()).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> routing(c).routingTableSize() >= 2);
    JsPeer newcomer = peers.js("--dht", KAD, "--dial", InteropPeers.address(c));
    newcomer.awaitEvent("dialed", WAIT);
    await().atMost(WAIT).until(() -> jsTableSize(newcomer) >= 1);
    newcomer.send(Map.of("cmd", "dht-find-peer", "peer", a.localPeer().id().value()));
    JsonNode peer = newcomer.awaitEvent("dht-peer", WAIT);
    assertThat(peer.path("peerId").asText()).isEqualTo(a.localPeer().id().value());
    assertThat(texts(peer.path("addrs"))).contains(a.localPeer().listenAddresses().get(0));
  }
}
