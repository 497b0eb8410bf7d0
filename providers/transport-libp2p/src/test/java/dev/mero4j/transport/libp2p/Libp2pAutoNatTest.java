package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.autonat.AutoNatMessage;
import dev.mero4j.transport.libp2p.internal.autonat.AutoNatServer;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsSocket;
import dev.mero4j.transport.libp2p.internal.relay.RelayLimits;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AutoNAT v1 on real sockets: dial-backs decide reachability, and the server stays bounded. */
class Libp2pAutoNatTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final DiscoveryOptions PROBING =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);
  private static final DiscoveryOptions RELAY =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, true, false);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  private Libp2pTransport node(
      String name, String listen, DiscoveryOptions discovery, List<String> bootstrap) {
    Libp2pTransport t =
        Libp2pTransport.start(
            new TransportConfig(key(name), List.of(listen), bootstrap, discovery),
            Libp2pOptions.defaults(),
            MdnsSocket::open,
            RelayLimits.DEFAULTS);
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  /** Three AutoNAT servers on loopback, the first also a relay. */
  private List<String> servers(String prefix) {
    List<String> out = new ArrayList<>();
    out.add(address(node(prefix + "-relay", "/ip4/127.0.0.1/tcp/0", RELAY, List.of())));
    for (int i = 1; i < 3; i++) {
      out.add(
          address(
              node(prefix + "-" + i, "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of())));
    }
    return out;
  }

  @Test
  void aNodeThatIsDialledBackBecomesPublicAndHoldsNoReservation() {
    List<String> servers = servers("public");
    Libp2pTransport a = node("public-a", "/ip4/127.0.0.1/tcp/0", PROBING, servers);

    await()
        .atMost(WAIT)
        .until(
            () ->
                a.networkStatus().reachability() == Reachability.PUBLIC
                    && a.networkStatus().relayAddresses().isEmpty());
  }

  @Test
  void aNodeWhoseDialBacksFailBecomesPrivateAndReservesOnARelay() {
    // The node listens on IPv6 loopback only but reaches its peers over IPv4: at the IPv4 address
    // they see it connect from, nothing listens, as behind a NAT.
    Libp2pTransport a;
    try {
      a = node("private-a", "/ip6/::1/tcp/0", PROBING, servers("private"));
    } catch (RuntimeException e) {
      assumeThat(e).as("this host cannot listen on IPv6 loopback (::1)").isNull();
      return;
    }

    await().atMost(WAIT).until(() -> a.networkStatus().reachability() == Reachability.PRIVATE);
    await().atMost(WAIT).until(() -> !a.networkStatus().relayAddresses().isEmpty());
  }

  @Test
  void theServerDialsBackOnlyTheRequestersOwnIp() throws IOException {
    Libp2pTransport server =
        node("ip-server", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of());
    Libp2pTransport client =
        node("ip-client", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of(address(server)));
    await().atMost(WAIT).until(() -> client.connectedPeers().contains(server.localPeer().id()));
    try (ServerSocketChannel elsewhere = ServerSocketChannel.open()) {
      elsewhere.bind(new InetSocketAddress("127.0.0.2", 0));
      elsewhere.configureBlocking(false);
      Multiaddr other = Multiaddr.of((InetSocketAddress) elsewhere.getLocalAddress());

      AutoNatMessage.Response refused =
          ask(client, server, dial(client, other, Multiaddr.parse("/ip4/10.9.8.7/tcp/4001")));

      assertThat(refused.status()).isEqualTo(AutoNatMessage.E_DIAL_REFUSED);
      assertThat(elsewhere.accept()).as("no dial reached the other IP").isNull();
      Multiaddr own = Multiaddr.parse(client.localPeer().listenAddresses().get(0));
      AutoNatMessage.Response dialled = ask(client, server, dial(client, other, own));
      assertThat(dialled.status()).isEqualTo(AutoNatMessage.OK);
      assertThat(Multiaddr.fromBytes(dialled.addr())).isEqualTo(own);
      assertThat(elsewhere.accept()).as("no dial reached the other IP").isNull();
    }
  }

  @Test
  void malformedAndOversizedRequestsGetBadRequestAndTheServerKeepsServing() {
    Libp2pTransport server =
        node("bad-server", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of());
    Libp2pTransport evil =
        node("bad-evil", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of(address(server)));
    await().atMost(WAIT).until(() -> evil.connectedPeers().contains(server.localPeer().id()));
    Multiaddr own = Multiaddr.parse(evil.localPeer().listenAddresses().get(0));
    byte[] garbage = LengthPrefixedReader.frame(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});
    byte[] notADial =
        LengthPrefixedReader.frame(AutoNatMessage.response(AutoNatMessage.OK, null, null).encode());
    byte[] someoneElse =
        LengthPrefixedReader.frame(
            AutoNatMessage.dial(PeerIds.toBytes(server.localPeer().id()), List.of(own.toBytes()))
                .encode());
    byte[] tooMany =
        LengthPrefixedReader.frame(
            AutoNatMessage.dial(
                    PeerIds.toBytes(evil.localPeer().id()),
                    Collections.nCopies(AutoNatMessage.MAX_ADDRS + 1, own.toBytes()))
                .encode());
    // Announces a 1 MiB message but sends only a few bytes of it: refused on the length alone.
    ByteBuf prefix = io.netty.buffer.Unpooled.buffer();
    Varint.write(prefix, 1 << 20);
    prefix.writeBytes(new byte[16]);
    byte[] oversized = new byte[prefix.readableBytes()];
    prefix.readBytes(oversized);
    prefix.release();

    for (byte[] bad : List.of(garbage, notADial, someoneElse, tooMany, oversized)) {
      assertThat(ask(evil, server, bad).status()).isEqualTo(AutoNatMessage.E_BAD_REQUEST);
    }
    assertThat(ask(evil, server, dial(evil, own)).status()).isEqualTo(AutoNatMessage.OK);
    assertThat(evil.connectedPeers()).contains(server.localPeer().id());
  }

  @Test
  void onePeerGetsAtMostItsShareOfDialBacksPerWindow() {
    Libp2pTransport server =
        node("rate-server", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of());
    Libp2pTransport greedy =
        node(
            "rate-greedy", "/ip4/127.0.0.1/tcp/0", DiscoveryOptions.NONE, List.of(address(server)));
    await().atMost(WAIT).until(() -> greedy.connectedPeers().contains(server.localPeer().id()));
    byte[] request = dial(greedy, Multiaddr.parse(greedy.localPeer().listenAddresses().get(0)));

    for (int i = 0; i < AutoNatServer.PEER_PER_WINDOW; i++) {
      assertThat(ask(greedy, server, request).status()).isEqualTo(AutoNatMessage.OK);
    }
    AutoNatMessage.Response limited = ask(greedy, server, request);

    assertThat(limited.status()).isEqualTo(AutoNatMessage.E_DIAL_REFUSED);
    assertThat(limited.text()).contains("rate limited");
  }

  private static byte[] dial(Libp2pTransport from, Multiaddr... addrs) {
    List<byte[]> bytes = List.of(addrs).stream().map(Multiaddr::toBytes).toList();
    return LengthPrefixedReader.frame(
        AutoNatMessage.dial(PeerIds.toBytes(from.localPeer().id()), bytes).encode());
  }

  /** Sends {@code raw} on a new AutoNAT stream and reads the one response. */
  private static AutoNatMessage.Response ask(Libp2pTransport from, Libp2pTransport to, byte[] raw) {
    CompletableFuture<byte[]> got = new CompletableFuture<>();
    LengthPrefixedReader reader = new LengthPrefixedReader(AutoNatMessage.MAX_MESSAGE);
    StreamHandler handler =
        new StreamHandler() {
          @Override
          public void onData(Libp2pStream stream, ByteBuf data) {
            reader.feed(data).stream().findFirst().ifPresent(got::complete);
          }

          @Override
          public void onRemoteClose(Libp2pStream stream) {
            got.completeExceptionally(new AssertionError("closed without a response"));
          }

          @Override
          public void onReset(Libp2pStream stream) {
            got.completeExceptionally(new AssertionError("reset without a response"));
          }
        };
    from.host()
        .newStream(to.localPeer().id(), List.of(AutoNatMessage.PROTOCOL), (s, p) -> handler)
        .thenAccept(s -> s.write(raw))
        .join();
    AutoNatMessage m =
        AutoNatMessage.decode(got.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
    assertThat(m.type()).isEqualTo(AutoNatMessage.DIAL_RESPONSE);
    return m.response();
  }
}
