package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
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
 * Circuit relay v2 against js-libp2p's {@code @libp2p/circuit-relay-v2}: a JS relay relays Java
 * nodes, and a Java relay relays a JS node.
 */
class JsRelayInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ECHO = "/mero4j/test/echo/1";
  private static final DiscoveryOptions RELAY =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, true, false);
  private static final DiscoveryOptions PRIVATE =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);

  @RegisterExtension final InteropPeers peers = new InteropPeers();

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  @Test
  void aJsRelayCarriesAJavaNodeToAnother() {
    JsPeer relay = peers.js("--relay");
    Libp2pTransport a = peers.java("js-relayed-a", PRIVATE, List.of(relay.address()));
    a.serve(ECHO, (from, request) -> request);
    await().atMost(WAIT).until(() -> !a.networkStatus().relayAddresses().isEmpty());
    String circuit = a.networkStatus().relayAddresses().get(0);
    assertThat(circuit).contains(relay.peerId() + "/p2p-circuit/p2p/" + a.localPeer().id());
    Libp2pTransport b = peers.java("js-relayed-b", DiscoveryOptions.NONE, List.of());

    PeerId peer = b.dial(circuit).toCompletableFuture().join();

    byte[] answer =
        b.request(peer, ECHO, "via js".getBytes(StandardCharsets.UTF_8), WAIT)
            .toCompletableFuture()
            .join();
    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("via js");
    assertThat(b.networkStatus().connections()).anyMatch(c -> c.peer().equals(peer) && c.relayed());
  }

  @Test
  void aJavaRelayCarriesAJavaNodeToAJsNode() {
    Libp2pTransport relay = peers.java("java-relay", RELAY, List.of());
    JsPeer target = peers.js("--reserve", InteropPeers.address(relay));
    String circuit = circuitAddressOf(target);
    Libp2pTransport b = peers.java("java-relay-b", DiscoveryOptions.NONE, List.of());

    PeerId peer = b.dial(circuit).toCompletableFuture().join();

    assertThat(peer.value()).isEqualTo(target.peerId());
    assertThat(b.ping(peer).toCompletableFuture().join()).isPositive();
    assertThat(b.networkStatus().connections()).anyMatch(c -> c.peer().equals(peer) && c.relayed());
  }

  /** Asks the JS peer for its addresses until one goes through a relay. */
  private static String circuitAddressOf(JsPeer peer) {
    String[] found = new String[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              JsonNode e = peer.call(Map.of("cmd", "addrs"), "addrs", WAIT);
              found[0] =
                  StreamSupport.stream(e.path("addrs").spliterator(), false)
                      .map(JsonNode::asText)
                      .filter(s -> s.contains("/p2p-circuit/"))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    return found[0];
  }
}
