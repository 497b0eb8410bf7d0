package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AutoNAT v1 against js-libp2p's {@code @libp2p/autonat}: a JS client's DIAL (the library's own
 * encoding) is dialled back by a Java server, and a JS server parses a Java DIAL and answers it.
 */
class JsAutonatInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final InteropPeers peers = new InteropPeers();

  @BeforeAll
  static void jsInstalled() {
    JsPeer.requireInstalled();
  }

  private Libp2pTransport java(String name, List<String> bootstrap) {
    return peers.java(name, DiscoveryOptions.NONE, bootstrap);
  }

  private static JsonNode ask(JsPeer client, Libp2pTransport server, String addr) {
    return client.call(
        Map.of(
            "cmd", "autonat-ask", "peer", server.localPeer().id().value(), "addrs", List.of(addr)),
        "autonat-response",
        WAIT);
  }

  @Test
  void aJavaServerDialsAJsClientBackOnlyAtItsOwnIp() {
    Libp2pTransport server = java("autonat-java-server", List.of());
    JsPeer client = peers.js("--dial", InteropPeers.address(server));
    client.awaitEvent("dialed", WAIT);
    await().atMost(WAIT).until(() -> server.connectedPeers().size() == 1);
    String own = client.address().replaceFirst("/p2p/.*", "");

    JsonNode dialled = ask(client, server, own);
    JsonNode refused = ask(client, server, "/ip4/10.9.8.7/tcp/4001");

    // protons decodes enums to their names.
    assertThat(dialled.path("type").asText()).isEqualTo("DIAL_RESPONSE");
    assertThat(dialled.path("status").asText()).isEqualTo("OK");
    assertThat(dialled.path("addr").asText()).isEqualTo(own);
    assertThat(refused.path("status").asText()).isEqualTo("E_DIAL_REFUSED");
    assertThat(refused.path("statusText").asText()).contains("IP");
  }

  @Test
  void aJsServerParsesAJavaDialAndAnswersIt() {
    JsPeer server = peers.js("--autonat");
    Libp2pTransport client = java("autonat-java-client", List.of(server.address()));
    PeerId peer = new PeerId(server.peerId());
    await().atMost(WAIT).until(() -> client.protocols(peer).contains(AutoNatMessage.PROTOCOL));
    Multiaddr own = Multiaddr.parse(client.localPeer().listenAddresses().get(0));
    byte[] dial =
        AutoNatMessage.dial(PeerIds.toBytes(client.localPeer().id()), List.of(own.toBytes()))
            .encode();

    // Request/response framing (uvarint length, half-close) is exactly AutoNAT's.
    byte[] answer =
        client.request(peer, AutoNatMessage.PROTOCOL, dial, WAIT).toCompletableFuture().join();

    AutoNatMessage m = AutoNatMessage.decode(answer);
    assertThat(m.type()).isEqualTo(AutoNatMessage.DIAL_RESPONSE);
    // js-libp2p never dials loopback addresses: past its peer id checks, it refuses ours.
    assertThat(m.response().status()).isEqualTo(AutoNatMessage.E_DIAL_REFUSED);
    assertThat(m.response().text()).isEqualTo("no dialable addresses");
  }
}
