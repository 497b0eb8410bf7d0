package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerBusyException;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.reqresp.InboundLimits;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that opens request streams and never finishes its requests: past its per-peer limit it is
 * refused as busy (not penalised), its stalled streams are reset at the read deadline, and an
 * honest peer is served throughout.
 */
class Libp2pRequestLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ECHO = "/mero4j/echo/1";

  private final List<Libp2pTransport> nodes = new ArrayList<>();
  private Libp2pTransport victim;
  private Libp2pTransport honest;
  private Libp2pTransport attacker;

  private Libp2pTransport node(String name) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider()
            .start(new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    nodes.add(t);
    return t;
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  @BeforeEach
  void start() {
    victim = node("limits-victim");
    honest = node("limits-honest");
    attacker = node("limits-attacker");
    victim.serve(ECHO, (from, req) -> req);
    honest.dial(address(victim)).toCompletableFuture().join();
    attacker.dial(address(victim)).toCompletableFuture().join();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  @Test
  void stalledRequestStreamsAreBoundedRefusedAsBusyAndResetAtTheReadDeadline() {
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger reset = new AtomicInteger();
    StreamHandler watcher =
        new StreamHandler() {
          @Override
          public void onData(Libp2pStream s, ByteBuf data) {}

          @Override
          public void onRemoteClose(Libp2pStream s) {
            refused.incrementAndGet();
          }

          @Override
          public void onReset(Libp2pStream s) {
            reset.incrementAndGet();
          }
        };
    int opened = InboundLimits.MAX_STREAMS_PER_PEER + 8;
    for (int i = 0; i < opened; i++) {
      Libp2pStream s =
          attacker
              .host()
              .newStream(victim.localPeer().id(), List.of(ECHO), (st, p) -> watcher)
              .join();
      s.write(new byte[] {100, 1, 2}); // a 100-byte request, three bytes of it, then silence
    }

    await("streams past the per-peer limit refused as busy")
        .atMost(WAIT)
        .until(() -> refused.get() >= opened - InboundLimits.MAX_STREAMS_PER_PEER);
    assertThat(victim.inboundRequests()).isLessThanOrEqualTo(InboundLimits.MAX_STREAMS_PER_PEER);
    assertThatThrownBy(
            () ->
                attacker
                    .request(victim.localPeer().id(), ECHO, new byte[] {1}, WAIT)
                    .toCompletableFuture()
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(PeerBusyException.class);
    byte[] echo =
        honest
            .request(victim.localPeer().id(), ECHO, new byte[] {42}, WAIT)
            .toCompletableFuture()
            .join();
    assertThat(echo).containsExactly(42);

    await("stalled requests reset at the read deadline")
        .atMost(InboundLimits.READ_DEADLINE.plus(WAIT))
        .until(() -> reset.get() >= InboundLimits.MAX_STREAMS_PER_PEER);
    assertThat(victim.inboundRequests()).isZero();
    assertThat(victim.score(attacker.localPeer().id()))
        .as("busy is back-pressure, not misbehaviour")
        .isZero();
    assertThat(
            attacker
                .request(victim.localPeer().id(), ECHO, new byte[] {7}, WAIT)
                .toCompletableFuture()
                .join())
        .containsExactly(7);
  }
}
