package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsSocket;
import dev.mero4j.transport.libp2p.internal.relay.CircuitCodec;
import dev.mero4j.transport.libp2p.internal.relay.CircuitMessage;
import dev.mero4j.transport.libp2p.internal.relay.RelayLimits;
import dev.mero4j.transport.libp2p.internal.relay.RelayProtocol;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit relay v2 on real sockets: A reserves on relay R, B reaches A through R. */
class Libp2pRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ECHO = "/mero4j/test/echo/1";
  private static final DiscoveryOptions RELAY =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, true, false);
  private static final DiscoveryOptions PRIVATE =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  private Libp2pTransport node(
      String name, DiscoveryOptions discovery, List<String> bootstrap, RelayLimits limits) {
    Libp2pTransport t =
        Libp2pTransport.start(
            new TransportConfig(key(name), List.of("/ip4/127.0.0.1/tcp/0"), bootstrap, discovery),
            Libp2pOptions.defaults(),
            MdnsSocket::open,
            limits == null ? RelayLimits.DEFAULTS : limits);
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

  /** Starts R (relay) and A (private, bootstrapped to R) and waits for A's circuit address. */
  private Libp2pTransport[] relayAndPrivate(String prefix, RelayLimits limits) {
    Libp2pTransport r = node(prefix + "-relay", RELAY, List.of(), limits);
    Libp2pTransport a = node(prefix + "-a", PRIVATE, List.of(address(r)), RelayLimits.DEFAULTS);
    a.serve(ECHO, (from, request) -> request);
    await().atMost(WAIT).until(() -> !a.networkStatus().relayAddresses().isEmpty());
    return new Libp2pTransport[] {r, a};
  }

  private static ConnectionInfo connectionTo(Libp2pTransport t, PeerId peer) {
    return t.networkStatus().connections().stream()
        .filter(c -> c.peer().equals(peer))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPeerBehindARelayIsReachedThroughItsCircuitAddress() {
    Libp2pTransport[] ra = relayAndPrivate("reach", RelayLimits.DEFAULTS);
    Libp2pTransport r = ra[0];
    Libp2pTransport a = ra[1];
    String circuit = a.networkStatus().relayAddresses().get(0);
    assertThat(circuit).isEqualTo(address(r) + "/p2p-circuit/p2p/" + a.localPeer().id());
    Libp2pTransport b = node("reach-b", DiscoveryOptions.NONE, List.of(), RelayLimits.DEFAULTS);

    PeerId reached = b.dial(circuit).toCompletableFuture().join();

    assertThat(reached).isEqualTo(a.localPeer().id());
    byte[] answer =
        b.request(reached, ECHO, "through the relay".getBytes(StandardCharsets.UTF_8), WAIT)
            .toCompletableFuture()
            .join();
    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("through the relay");
    assertThat(connectionTo(b, reached).relayed()).isTrue();
    assertThat(connectionTo(b, reached).remoteAddress()).isEqualTo(circuit);
    await().atMost(WAIT).until(() -> connectionTo(a, b.localPeer().id()).relayed());
    assertThat(r.connectedPeers()).contains(a.localPeer().id(), b.localPeer().id());
    await()
        .atMost(WAIT)
        .until(() -> b.listenAddresses(reached).stream().anyMatch(s -> s.contains("p2p-circuit")));
  }

  @Test
  void thePeersBytesBeyondTheCircuitLimitResetTheCircuit() {
    RelayLimits small = RelayLimits.DEFAULTS.withCircuit(Duration.ofMinutes(5), 64 * 1024);
    Libp2pTransport a = relayAndPrivate("bytes", small)[1];
    Libp2pTransport b = node("bytes-b", DiscoveryOptions.NONE, List.of(), RelayLimits.DEFAULTS);
    PeerId peer = b.dial(a.networkStatus().relayAddresses().get(0)).toCompletableFuture().join();
    assertThat(b.request(peer, ECHO, new byte[1024], WAIT).toCompletableFuture().join())
        .hasSize(1024);

    assertThatThrownBy(
            () -> b.request(peer, ECHO, new byte[128 * 1024], WAIT).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class);
    await().atMost(WAIT).until(() -> !b.connectedPeers().contains(peer));
  }

  @Test
  void aCircuitEndsWhenItOutlivesItsDuration() {
    RelayLimits brief = RelayLimits.DEFAULTS.withCircuit(Duration.ofSeconds(3), 1 << 20);
    Libp2pTransport a = relayAndPrivate("brief", brief)[1];
    Libp2pTransport b = node("brief-b", DiscoveryOptions.NONE, List.of(), RelayLimits.DEFAULTS);
    PeerId peer = b.dial(a.networkStatus().relayAddresses().get(0)).toCompletableFuture().join();
    assertThat(b.connectedPeers()).contains(peer);

    await()
        .atLeast(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> !b.connectedPeers().contains(peer));
  }

  @Test
  void aPeerWithoutAReservationCannotBeReachedThroughTheRelay() {
    Libp2pTransport r = node("none-relay", RELAY, List.of(), RelayLimits.DEFAULTS);
    Libp2pTransport c =
        node("none-c", DiscoveryOptions.NONE, List.of(address(r)), RelayLimits.DEFAULTS);
    await().atMost(WAIT).until(() -> r.connectedPeers().contains(c.localPeer().id()));
    Libp2pTransport b = node("none-b", DiscoveryOptions.NONE, List.of(), RelayLimits.DEFAULTS);

    assertThatThrownBy(
            () ->
                b.dial(address(r) + "/p2p-circuit/p2p/" + c.localPeer().id())
                    .toCompletableFuture()
                    .join())
        .hasMessageContaining("status 204");
  }

  @Test
  void reservationsBeyondTheRelaysLimitAreRefused() {
    RelayLimits two = RelayLimits.DEFAULTS.withReservations(2, 8, Duration.ofHours(1));
    Libp2pTransport r = node("full-relay", RELAY, List.of(), two);
    List<Libp2pTransport> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(node("full-" + i, PRIVATE, List.of(address(r)), RelayLimits.DEFAULTS));
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                clients.stream().filter(c -> !c.networkStatus().relayAddresses().isEmpty()).count()
                    == 2);
    assertThat(r.nat().service().reservationCount()).isEqualTo(2);
  }

  /** Opens a raw hop stream to {@code relay}, sends {@code bytes} and collects the answer. */
  private static java.util.concurrent.CompletableFuture<byte[]> rawHop(
      Libp2pTransport from, Libp2pTransport relay, byte[] bytes) {
    java.util.concurrent.CompletableFuture<byte[]> answer =
        new java.util.concurrent.CompletableFuture<>();
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    from.host()
        .newStream(
            relay.localPeer().id(),
            List.of(RelayProtocol.HOP_ID),
            (s, p) ->
                new StreamHandler() {
                  @Override
                  public void onData(Libp2pStream stream, io.netty.buffer.ByteBuf data) {
                    byte[] b = new byte[data.readableBytes()];
                    data.readBytes(b);
                    got.writeBytes(b);
                  }

                  @Override
                  public void onRemoteClose(Libp2pStream stream) {
                    answer.complete(got.toByteArray());
                  }

                  @Override
                  public void onReset(Libp2pStream stream) {
                    answer.completeExceptionally(new IllegalStateException("reset"));
                  }
                })
        .thenAccept(s -> s.write(bytes));
    return answer;
  }

  @Test
  void anOversizedHopMessageResetsTheStreamAndCostsTheSenderScore() {
    Libp2pTransport r = node("big-relay", RELAY, List.of(), RelayLimits.DEFAULTS);
    Libp2pTransport evil = node("big-evil", DiscoveryOptions.NONE, List.of(address(r)), null);
    await().atMost(WAIT).until(() -> evil.connectedPeers().contains(r.localPeer().id()));

    byte[] huge = LengthPrefixedReader.frame(new byte[RelayProtocol.MAX_MESSAGE + 1]);

    assertThatThrownBy(() -> rawHop(evil, r, huge).join()).hasMessageContaining("reset");
    assertThat(r.score(evil.localPeer().id())).isNegative();
  }

  @Test
  void aConnectWithoutAPeerIsAnsweredMalformedAndAnUnknownTypeUnexpected() {
    Libp2pTransport r = node("odd-relay", RELAY, List.of(), RelayLimits.DEFAULTS);
    Libp2pTransport odd = node("odd-peer", DiscoveryOptions.NONE, List.of(address(r)), null);
    await().atMost(WAIT).until(() -> odd.connectedPeers().contains(r.localPeer().id()));
    byte[] connect =
        CircuitCodec.encodeHop(new CircuitMessage(RelayProtocol.HOP_CONNECT, null, null, null, 0));
    byte[] status =
        CircuitCodec.encodeHop(new CircuitMessage(RelayProtocol.HOP_STATUS, null, null, null, 100));

    byte[] a = rawHop(odd, r, LengthPrefixedReader.frame(connect)).join();
    byte[] b = rawHop(odd, r, LengthPrefixedReader.frame(status)).join();

    assertThat(CircuitCodec.decodeHop(java.util.Arrays.copyOfRange(a, 1, a.length)).status())
        .isEqualTo(RelayProtocol.MALFORMED_MESSAGE);
    assertThat(CircuitCodec.decodeHop(java.util.Arrays.copyOfRange(b, 1, b.length)).status())
        .isEqualTo(RelayProtocol.UNEXPECTED_MESSAGE);
  }
}
