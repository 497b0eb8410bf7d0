package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** mDNS discovery over an in-memory multicast bus: no LAN needed. */
class Libp2pMdnsTest {
  private final List<Consumer<byte[]>> members = new CopyOnWriteArrayList<>();
  private final ExecutorService bus = Executors.newSingleThreadExecutor();
  private final List<Libp2pTransport> nodes = new ArrayList<>();

  /** Every packet reaches every member, the sender included, as multicast with loopback does. */
  private MdnsHandler.Link join(Consumer<byte[]> receiver) {
    members.add(receiver);
    return packet -> members.forEach(m -> bus.execute(() -> m.accept(packet.clone())));
  }

  private Libp2pTransport node(String name, boolean mdns) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    DiscoveryOptions discovery =
        new DiscoveryOptions(mdns, false, DiscoveryOptions.PRIVATE_DHT, false, false);
    Libp2pTransport t =
        Libp2pTransport.start(
            new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of(), discovery),
            Libp2pOptions.defaults(),
            (loops, receiver) -> join(receiver));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
    bus.shutdownNow();
  }

  @Test
  void aNodeWhoseMdnsSocketCannotOpenStillStartsAndServes() {
    DiscoveryOptions discovery =
        new DiscoveryOptions(true, false, DiscoveryOptions.PRIVATE_DHT, false, false);
    KeyPair id = KeyPair.fromSeed(Hash.sha256("no-lan".getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        Libp2pTransport.start(
            new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of(), discovery),
            Libp2pOptions.defaults(),
            (loops, receiver) -> {
              throw new java.net.SocketException("no network interface accepts the mDNS group");
            });
    nodes.add(t);
    Libp2pTransport other = node("reaches-no-lan", false);

    assertThat(other.dial(t.localPeer().listenAddresses().get(0)).toCompletableFuture().join())
        .isEqualTo(t.localPeer().id());
  }

  @Test
  void nodesWithMdnsFindAndConnectToEachOther() {
    Libp2pTransport a = node("mdns-a", true);
    Libp2pTransport b = node("mdns-b", true);
    a.publish("x", new byte[0]);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                a.connectedPeers().contains(b.localPeer().id())
                    && b.connectedPeers().contains(a.localPeer().id()));
  }

  @Test
  void mdnsOffMeansNoPacketAndNoPeer() throws InterruptedException {
    Libp2pTransport a = node("quiet-a", false);
    Libp2pTransport b = node("quiet-b", false);
    Thread.sleep(500);
    assertThat(members).isEmpty();
    assertThat(a.connectedPeers()).isEmpty();
    assertThat(b.connectedPeers()).isEmpty();
  }
}
