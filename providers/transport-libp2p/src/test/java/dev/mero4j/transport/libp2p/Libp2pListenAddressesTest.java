package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A transport bound to a wildcard address announces the addresses a peer can dial. */
class Libp2pListenAddressesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private Libp2pTransport node(String name, String listen) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of(listen), List.of()));
    nodes.add(t);
    return t;
  }

  private static String port(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0).replaceAll(".*/tcp/", "");
  }

  @Test
  void aWildcardListenAddressIsReportedAsInterfaceAddressesLoopbackFirst() {
    Libp2pTransport wildcard = node("wildcard", "/ip4/0.0.0.0/tcp/0");
    List<String> addresses = wildcard.localPeer().listenAddresses();
    assertThat(addresses).noneMatch(a -> a.contains("0.0.0.0"));
    assertThat(addresses.get(0)).isEqualTo("/ip4/127.0.0.1/tcp/" + port(wildcard));
  }

  @Test
  void identifyAnnouncesInterfaceAddressesInsteadOfTheWildcard() {
    Libp2pTransport wildcard = node("wildcard", "/ip4/0.0.0.0/tcp/0");
    Libp2pTransport dialer = node("dialer", "/ip4/127.0.0.1/tcp/0");
    PeerId id =
        dialer
            .dial("/ip4/127.0.0.1/tcp/" + port(wildcard) + "/p2p/" + wildcard.localPeer().id())
            .toCompletableFuture()
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
    await().atMost(WAIT).until(() -> !dialer.listenAddresses(id).isEmpty());
    assertThat(dialer.listenAddresses(id))
        .noneMatch(a -> a.contains("/ip4/0.0.0.0"))
        .contains("/ip4/127.0.0.1/tcp/" + port(wildcard));
  }
}
