package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DCUtR against js-libp2p's {@code @libp2p/dcutr}: a Java node and a JS node connected through a JS
 * relay end with a direct connection, whichever of them was dialled through the relay and so starts
 * the upgrade.
 *
 * <p>Everything runs on this machine, on addresses js-libp2p takes for public ones ({@link
 * PublicLookingAddresses}): it refuses to hole punch to loopback or private addresses, and has no
 * setting to allow them. Without a NAT in between, the punch is an ordinary dial to the listen port
 * the other side offered in its CONNECT.
 */
class JsDcutrInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final DiscoveryOptions PUNCHING =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);

  @RegisterExtension final InteropPeers peers = new InteropPeers();
  private PublicLookingAddresses net;

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  @BeforeEach
  void addresses() {
    net = PublicLookingAddresses.create(3);
    peers.closeLater(net);
  }

  private Libp2pTransport java(String name, String listen, List<String> bootstrap) {
    return peers.java(name, listen, PUNCHING, bootstrap);
  }

  /** The JS relay, on address 3. */
  private JsPeer relay() {
    return peers.js("--relay", "--public", net.ip(3));
  }

  @Test
  void aJavaNodeReachedThroughARelayUpgradesToADirectConnectionWithJs() {
    JsPeer relay = relay();
    Libp2pTransport java = java("dcutr-java-b", net.listen(1), List.of(relay.address()));
    await().atMost(WAIT).until(() -> !java.networkStatus().relayAddresses().isEmpty());
    String circuit = java.networkStatus().relayAddresses().get(0);
    JsPeer js = peers.js("--dcutr", "--public", net.ip(2), "--log", "libp2p:dcutr");
    PeerId jsPeer = new PeerId(js.peerId());

    // JS dials through the relay, so the Java node is the inbound side and starts DCUtR.
    js.call(Map.of("cmd", "dial", "addr", circuit), "dialed", WAIT);

    await().atMost(WAIT).until(() -> direct(java, jsPeer));
    // "A" is the side that answers CONNECT; its success line names the direct address it dialled.
    await().atMost(WAIT).until(() -> !js.logs("DCUtR to " + java.localPeer().id()).isEmpty());
    assertThat(js.logs("A receiving sync")).isNotEmpty();
    assertThat(js.logs("DCUtR to " + java.localPeer().id()).get(0))
        .contains("succeeded via /ip6/")
        .doesNotContain("p2p-circuit");
    assertThat(jsConnectionsTo(js, java.localPeer().id()))
        .anyMatch(a -> !a.contains("p2p-circuit"));
    // The relayed connection is retired once the direct one stands.
    await()
        .atMost(WAIT)
        .until(
            () ->
                java.networkStatus().connections().stream()
                    .noneMatch(c -> c.peer().equals(jsPeer) && c.relayed()));
  }

  /**
   * The Java node listens on loopback only: js-libp2p first dials a relayed peer's public identify
   * addresses itself (a "unilateral upgrade", no DCUtR stream), and that would skip the protocol.
   * Its CONNECT then offers the address the relay saw it at (no NAT keeps that port open, so JS's
   * own dial fails); the direct connection is the one the Java node dials on SYNC.
   */
  @Test
  void aJsNodeReachedThroughARelayUpgradesToADirectConnectionWithJava() {
    JsPeer relay = relay();
    JsPeer js =
        peers.js(
            "--dcutr",
            "--public",
            net.ip(2),
            "--reserve",
            relay.address(),
            "--log",
            "libp2p:dcutr");
    // js-libp2p lists a circuit through a public relay only once AutoNAT verified it: build it.
    String circuit = relay.address() + "/p2p-circuit/p2p/" + js.peerId();
    Libp2pTransport java = java("dcutr-java-a", "/ip4/127.0.0.1/tcp/0", List.of(relay.address()));
    await().atMost(WAIT).until(() -> !java.networkStatus().observedAddresses().isEmpty());
    PeerId jsPeer = new PeerId(js.peerId());

    // Java dials through the relay (once JS holds its reservation), so the JS node is the inbound
    // side and starts DCUtR.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> java.dial(circuit).toCompletableFuture().join().equals(jsPeer));

    await().atMost(WAIT).until(() -> direct(java, jsPeer));
    assertThat(js.logs("B sending connect to " + java.localPeer().id())).isNotEmpty();
    // js-libp2p sends SYNC only when the Java node's CONNECT offered an address it would dial.
    await().atMost(WAIT).until(() -> !js.logs("sending sync").isEmpty());
    assertThat(js.logs("not attempting unilateral connection upgrade")).isNotEmpty();
    await()
        .atMost(WAIT)
        .until(
            () ->
                jsConnectionsTo(js, java.localPeer().id()).stream()
                    .anyMatch(a -> !a.contains("p2p-circuit")));
  }

  private static boolean direct(Libp2pTransport t, PeerId peer) {
    return t.networkStatus().connections().stream()
        .anyMatch(c -> c.peer().equals(peer) && !c.relayed() && isDirect(c));
  }

  private static boolean isDirect(ConnectionInfo c) {
    return !c.remoteAddress().contains("p2p-circuit");
  }

  /** The remote addresses of the JS peer's open connections to {@code peer}. */
  private static List<String> jsConnectionsTo(JsPeer js, PeerId peer) {
    JsonNode answer = js.call(Map.of("cmd", "connections"), "connections", WAIT);
    return StreamSupport.stream(answer.path("connections").spliterator(), false)
        .filter(c -> c.path("peerId").asText().equals(peer.value()))
        .filter(c -> c.path("status").asText().equals("open"))
        .map(c -> c.path("remoteAddr").asText())
        .toList();
  }
}
