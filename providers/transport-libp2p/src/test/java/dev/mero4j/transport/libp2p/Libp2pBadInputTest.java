package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.noise.EvilNoise;
import dev.mero4j.transport.libp2p.internal.noise.NoiseHandshake;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubProtocol;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers: each attack resets only the attacker's connection (and penalises it when its
 * identity is known) while the victim keeps serving an honest peer.
 */
class Libp2pBadInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOPIC = "bad-input";
  private static final String ECHO = "/mero4j/echo/1";

  private final List<Libp2pTransport> nodes = new ArrayList<>();
  private Libp2pTransport victim;
  private Libp2pTransport honest;
  private final List<Message> atHonest = new CopyOnWriteArrayList<>();

  private Libp2pTransport node(String name, Libp2pOptions options) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(options)
            .start(new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    nodes.add(t);
    return t;
  }

  @BeforeEach
  void start() {
    victim = node("victim", Libp2pOptions.defaults().withHandshakeTimeout(Duration.ofSeconds(2)));
    honest = node("honest", Libp2pOptions.defaults());
    victim.serve(ECHO, (from, req) -> req);
    honest.subscribe(TOPIC, atHonest::add);
    victim.subscribe(TOPIC, m -> {});
    honest.dial(address(victim)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> victim.topicPeers(TOPIC).contains(honest.localPeer().id()));
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  /** The victim still talks to the honest peer in both directions. */
  private void assertVictimUnaffected() {
    assertThat(victim.connectedPeers()).contains(honest.localPeer().id());
    byte[] echo =
        honest
            .request(victim.localPeer().id(), ECHO, new byte[] {42}, WAIT)
            .toCompletableFuture()
            .join();
    assertThat(echo).containsExactly(42);
    int before = atHonest.size();
    victim.publish(TOPIC, "still-alive".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> atHonest.size() > before);
  }

  private Socket rawSocket() throws IOException {
    InetSocketAddress a =
        new InetSocketAddress(
            "127.0.0.1",
            Integer.parseInt(
                victim.localPeer().listenAddresses().get(0).replaceAll(".*/tcp/", "")));
    Socket s = new Socket();
    s.connect(a, 5000);
    s.setSoTimeout(30_000);
    return s;
  }

  /** Reads until the victim closes the socket; fails if it stays open. */
  private static void assertClosedByPeer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // drain whatever the victim said before closing
        assertThat(s.isClosed()).isFalse();
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the victim kept the connection open", e);
    } catch (IOException e) {
      assertThat(e.getMessage()).containsIgnoringCase("reset");
    }
  }

  private static byte[] line(String text) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[Varint.size(body.length) + body.length];
    System.arraycopy(body, 0, out, Varint.write(out, 0, body.length), body.length);
    return out;
  }

  @Test
  void garbageInsteadOfMultistreamIsReset() throws IOException {
    try (Socket s = rawSocket()) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertClosedByPeer(s);
    }
    assertVictimUnaffected();
  }

  @Test
  void wrongProtocolIdsGetNaAndAFloodOfProposalsIsReset() throws IOException {
    try (Socket s = rawSocket()) {
      OutputStream out = s.getOutputStream();
      out.write(line("/multistream/1.0.0"));
      out.write(line("/tls/1.0.0"));
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] expected =
          new ByteArrayOutputStream() {
            {
              writeBytes(line("/multistream/1.0.0"));
              writeBytes(line("na"));
            }
          }.toByteArray();
      byte[] got = new byte[expected.length];
      in.readFully(got);
      assertThat(got).isEqualTo(expected);
      ByteArrayOutputStream flood = new ByteArrayOutputStream();
      for (int i = 0; i < 20; i++) {
        flood.writeBytes(line("/nope/" + i));
      }
      boolean resetWhileWriting = false;
      try {
        out.write(flood.toByteArray());
      } catch (IOException e) {
        // the victim may reset while the flood is still being written: that is the point
        assertThat(e.getMessage()).containsAnyOf("reset", "Broken pipe");
        resetWhileWriting = true;
      }
      if (!resetWhileWriting) {
        assertClosedByPeer(s);
      }
    }
    assertVictimUnaffected();
  }

  @Test
  void aMalformedNoiseHandshakeIsReset() throws IOException {
    try (Socket s = rawSocket()) {
      OutputStream out = s.getOutputStream();
      out.write(line("/multistream/1.0.0"));
      out.write(line("/noise"));
      out.write(new byte[] {0, 5, 1, 2, 3, 4, 5});
      assertClosedByPeer(s);
    }
    assertVictimUnaffected();
  }

  @Test
  void aHalfOpenConnectionIsDroppedAfterTheHandshakeTimeout() throws IOException {
    try (Socket s = rawSocket()) {
      s.getOutputStream().write(line("/multistream/1.0.0"));
      assertClosedByPeer(s);
    }
    assertVictimUnaffected();
  }

  @Test
  void aForgedNoiseIdentitySignatureIsRejected() throws IOException {
    KeyPair claimed = KeyPair.fromSeed(Hash.sha256(new byte[] {1}).toBytes());
    KeyPair mallory = KeyPair.fromSeed(Hash.sha256(new byte[] {2}).toBytes());
    NoiseHandshake forged = EvilNoise.forgedInitiator(claimed, mallory);
    try (Socket s = rawSocket()) {
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      out.write(line("/multistream/1.0.0"));
      out.write(line("/noise"));
      byte[] m1 = forged.writeMessage1();
      out.write(ByteBuffer.allocate(2 + m1.length).putShort((short) m1.length).put(m1).array());
      in.readFully(new byte[line("/multistream/1.0.0").length + line("/noise").length]);
      byte[] m2 = new byte[in.readUnsignedShort()];
      in.readFully(m2);
      forged.readMessage2(m2);
      byte[] m3 = forged.writeMessage3();
      out.write(ByteBuffer.allocate(2 + m3.length).putShort((short) m3.length).put(m3).array());
      assertClosedByPeer(s);
    }
    assertThat(victim.connectedPeers()).doesNotContain(PeerIds.of(claimed.publicKey()));
    assertVictimUnaffected();
  }

  @Test
  void dialingAnAddressWhosePeerIdDoesNotMatchFails() {
    String wrong = victim.localPeer().listenAddresses().get(0) + "/p2p/" + honest.localPeer().id();
    Libp2pTransport dialer = node("wrong-id-dialer", Libp2pOptions.defaults());
    assertThatThrownBy(() -> dialer.dial(wrong).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ProtocolViolationException.class);
    assertVictimUnaffected();
  }

  private Libp2pTransport connectedAttacker(String name) {
    Libp2pTransport attacker = node(name, Libp2pOptions.defaults());
    attacker.dial(address(victim)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> victim.connectedPeers().contains(attacker.localPeer().id()));
    return attacker;
  }

  private void assertAttackerDisconnectedAndPenalised(Libp2pTransport attacker) {
    PeerId id = attacker.localPeer().id();
    await().atMost(WAIT).until(() -> !victim.connectedPeers().contains(id));
    assertThat(victim.score(id)).isLessThan(-80);
    assertThatThrownBy(() -> attacker.dial(address(victim)).toCompletableFuture().join())
        .hasCauseInstanceOf(TransportException.class);
    assertThat(victim.connectedPeers()).doesNotContain(id);
    assertVictimUnaffected();
  }

  @Test
  void aMalformedYamuxFrameResetsTheConnectionAndGraylistsThePeer() {
    Libp2pTransport attacker = connectedAttacker("yamux-attacker");
    attacker
        .host()
        .injectBelowMuxer(victim.localPeer().id(), new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    assertAttackerDisconnectedAndPenalised(attacker);
  }

  @Test
  void aStreamFloodResetsTheConnection() {
    Libp2pTransport attacker = connectedAttacker("flood-attacker");
    ByteBuffer frames = ByteBuffer.allocate(12 * 400);
    for (int i = 0; i < 400; i++) {
      frames.put((byte) 0).put((byte) 1).putShort((short) 1).putInt(1001 + 2 * i).putInt(0);
    }
    attacker.host().injectBelowMuxer(victim.localPeer().id(), frames.array());
    assertAttackerDisconnectedAndPenalised(attacker);
  }

  private void sendGossipRpc(Libp2pTransport attacker, byte[] framed) {
    attacker
        .host()
        .newStream(
            victim.localPeer().id(),
            List.of(PubsubProtocol.MESHSUB_V11),
            (s, p) -> (StreamHandler) (st, data) -> {})
        .thenAccept(s -> s.write(framed))
        .join();
  }

  @Test
  void aGossipMessageWithABadSignatureResetsTheConnection() {
    Libp2pTransport attacker = connectedAttacker("signature-attacker");
    KeyPair key =
        KeyPair.fromSeed(
            Hash.sha256("signature-attacker".getBytes(StandardCharsets.UTF_8)).toBytes());
    byte[] message =
        new ProtoWriter()
            .bytes(1, PeerIds.toBytes(key.publicKey()))
            .bytes(2, "forged".getBytes(StandardCharsets.UTF_8))
            .bytes(3, new byte[8])
            .string(4, TOPIC)
            .bytes(5, new byte[64])
            .toByteArray();
    byte[] rpc = new ProtoWriter().bytes(2, message).toByteArray();
    sendGossipRpc(attacker, LengthPrefixedReader.frame(rpc));
    assertAttackerDisconnectedAndPenalised(attacker);
  }

  @Test
  void anOversizedGossipFrameResetsTheConnection() {
    Libp2pTransport attacker = connectedAttacker("oversize-attacker");
    byte[] header = new byte[Varint.size(64L << 20)];
    Varint.write(header, 0, 64L << 20);
    sendGossipRpc(attacker, header);
    assertAttackerDisconnectedAndPenalised(attacker);
  }

  @Test
  void oversizedLocalMessagesAreRefusedBeforeSending() {
    assertThatThrownBy(() -> victim.publish(TOPIC, new byte[PubsubProtocol.MAX_PAYLOAD + 1]))
        .isInstanceOf(TransportException.class);
    assertThatThrownBy(
            () ->
                honest
                    .request(victim.localPeer().id(), ECHO, new byte[8 * 1024 * 1024 + 1], WAIT)
                    .toCompletableFuture()
                    .join())
        .hasCauseInstanceOf(TransportException.class);
    assertVictimUnaffected();
  }
}
