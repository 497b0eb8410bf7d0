package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.DialRace;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting races a peer's addresses, so a dead one no longer costs a whole handshake timeout. */
class Libp2pDialRaceTest {
  private static final Duration HANDSHAKE = Duration.ofSeconds(8);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private Libp2pTransport node(String name) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        Libp2pTransport.start(
            new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of()),
            Libp2pOptions.defaults().withHandshakeTimeout(HANDSHAKE));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  @Test
  void aSilentAddressFirstDoesNotHoldUpTheLiveOne() throws IOException {
    Libp2pTransport a = node("race-a");
    Libp2pTransport b = node("race-b");
    // Accepts TCP (the kernel completes the handshake) and never says a word: a dial there waits
    // for the whole handshake timeout.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String dead = "/ip4/127.0.0.1/tcp/" + silent.getLocalPort();
      String live = b.localPeer().listenAddresses().get(0);
      PeerId peer = b.localPeer().id();

      long start = System.nanoTime();
      PeerId reached =
          a.connect(peer, List.of(dead, live))
              .toCompletableFuture()
              .orTimeout(HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS)
              .join();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(reached).isEqualTo(peer);
      assertThat(took).isLessThan(HANDSHAKE.dividedBy(2));
      assertThat(a.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void whenEveryAddressFailsTheConnectFailsOnce() throws IOException {
    Libp2pTransport a = node("race-fail-a");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    PeerId someone = node("race-fail-b").localPeer().id();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < DialRace.MAX_IN_FLIGHT + 2; i++) {
      addresses.add("/ip4/127.0.0.1/tcp/" + closed);
    }
    addresses.add("not a multiaddr");

    assertThatThrownBy(() -> a.connect(someone, addresses).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("no address answered");
  }

  @Test
  void aConnectWhileOneIsRunningJoinsItAndSelfIsNeverDialled() throws IOException {
    Libp2pTransport a = node("race-share-a");
    PeerId b = node("race-share-b").localPeer().id();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<String> dead = List.of("/ip4/127.0.0.1/tcp/" + silent.getLocalPort());

      CompletionStage<PeerId> first = a.connect(b, dead);
      CompletionStage<PeerId> second = a.connect(b, a.localPeer().listenAddresses());

      assertThat(second).as("one race per peer at a time").isSameAs(first);
      assertThatThrownBy(
              () ->
                  a.connect(a.localPeer().id(), a.localPeer().listenAddresses())
                      .toCompletableFuture()
                      .join())
          .hasMessageContaining("refusing to dial self");
      assertThat(a.connectionCount()).isZero();
    }
  }

  @Test
  void aRequestOpenedWhileTheChosenConnectionClosesGoesOverThePeersOtherConnection() {
    Libp2pTransport a = node("race-loser-a");
    Libp2pTransport b = node("race-loser-b");
    b.serve("/test/echo/1", (from, body) -> body);
    Multiaddr target =
        Multiaddr.parse(b.localPeer().listenAddresses().get(0))
            .with("p2p", b.localPeer().id().value());
    for (int round = 0; round < 20; round++) {
      // Two direct connections, as a dial race whose loser also answered leaves for a moment;
      // the one a request would pick starts closing just before the request opens its stream.
      Connection loser = a.host().punch(target, true).join();
      a.host().punch(target, true).join();
      byte[] body = {(byte) round};
      loser.close();
      CompletableFuture<byte[]> answer =
          a.request(b.localPeer().id(), "/test/echo/1", body, HANDSHAKE).toCompletableFuture();
      assertThat(answer.join()).as("round %d", round).isEqualTo(body);
      a.host().connections().forEach(Connection::close);
      await().atMost(HANDSHAKE).until(() -> a.connectionCount() == 0);
    }
  }
}
