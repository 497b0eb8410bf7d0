package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mDNS against js-libp2p's {@code @libp2p/mdns} over real multicast on this machine (224.0.0.251
 * port 5353 on its network interfaces): each side parses the other's response and dials the peer it
 * found.
 */
class JsMdnsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final DiscoveryOptions MDNS =
      new DiscoveryOptions(true, false, DiscoveryOptions.PRIVATE_DHT, false, false);

  @RegisterExtension final InteropPeers peers = new InteropPeers();

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  private Libp2pTransport java(String name) {
    return peers.java(name, MDNS, List.of());
  }

  @Test
  void aJavaNodeFindsAJsNodeAndDialsIt() {
    // The JS node answers queries but dials nobody: a connection can only be the Java node's.
    JsPeer js = peers.js("--mdns");
    Libp2pTransport java = java("mdns-java-dialer");
    PeerId jsPeer = new PeerId(js.peerId());

    await()
        .atMost(WAIT)
        .until(
            () ->
                java.networkStatus().connections().stream()
                    .anyMatch(c -> c.peer().equals(jsPeer) && c.outbound()));
    JsonNode accepted = js.await(e -> isConnection(e, java, "inbound"), WAIT);
    assertThat(accepted.path("remoteAddr").asText()).startsWith("/ip4/");
    // The JS node parsed the Java node's answers to its own queries too.
    JsonNode found = js.await(e -> isDiscovery(e, java), WAIT);
    assertThat(addrs(found))
        .contains(java.localPeer().listenAddresses().get(0).replaceFirst("/p2p/.*", ""));
  }

  @Test
  void aJsNodeFindsAJavaNodeAndDialsIt() {
    // The JS node answers no query: the Java node never learns its address, so cannot dial it.
    JsPeer js = peers.js("--mdns", "--mdns-dial", "--mdns-silent");
    Libp2pTransport java = java("mdns-java-listener");
    PeerId jsPeer = new PeerId(js.peerId());

    JsonNode dialled = js.await(e -> isConnection(e, java, "outbound"), WAIT);
    assertThat(dialled.path("remoteAddr").asText())
        .isEqualTo(java.localPeer().listenAddresses().get(0) + "/p2p/" + java.localPeer().id());
    await()
        .atMost(WAIT)
        .until(
            () ->
                java.networkStatus().connections().stream()
                    .anyMatch(c -> c.peer().equals(jsPeer) && !c.outbound()));
    assertThat(java.networkStatus().connections())
        .noneMatch(c -> c.peer().equals(jsPeer) && c.outbound());
  }

  private static boolean isConnection(JsonNode e, Libp2pTransport java, String direction) {
    return e.path("event").asText().equals("connection")
        && e.path("peerId").asText().equals(java.localPeer().id().value())
        && e.path("direction").asText().equals(direction);
  }

  private static boolean isDiscovery(JsonNode e, Libp2pTransport java) {
    return e.path("event").asText().equals("discovered")
        && e.path("peerId").asText().equals(java.localPeer().id().value());
  }

  private static List<String> addrs(JsonNode e) {
    return StreamSupport.stream(e.path("addrs").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
