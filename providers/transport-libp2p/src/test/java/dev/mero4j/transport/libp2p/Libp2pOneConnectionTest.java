package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with a fresh node's discovery settings (DHT, AutoNAT, hole punching; mDNS off) on the
 * wildcard address: one dial leaves one connection between them once AutoNAT's dial-backs are over,
 * as {@code mero4j peers connect} shows operators.
 */
class Libp2pOneConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final DiscoveryOptions FRESH_NODE =
      new DiscoveryOptions(false, true, DiscoveryOptions.PRIVATE_DHT, false, true);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private Libp2pTransport node(String name) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of("/ip4/0.0.0.0/tcp/0"), List.of(), FRESH_NODE));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  @Test
  void oneDialLeavesOneConnection() {
    Libp2pTransport a = node("one-a");
    Libp2pTransport b = node("one-b");
    String loopbackB =
        b.localPeer().listenAddresses().stream()
                .filter(x -> x.startsWith("/ip4/127.0.0.1/"))
                .findFirst()
                .orElseThrow()
            + "/p2p/"
            + b.localPeer().id();
    a.dial(loopbackB).toCompletableFuture().join();
    await("one connection stays")
        .atMost(WAIT)
        .during(Duration.ofSeconds(3))
        .until(() -> a.connectionCount() == 1 && b.connectionCount() == 1);
    assertThat(a.networkStatus().connections()).hasSize(1);
  }
}
