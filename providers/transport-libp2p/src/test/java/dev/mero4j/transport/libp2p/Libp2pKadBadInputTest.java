package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.conn.PeerScores;
import dev.mero4j.transport.libp2p.internal.kad.KadCodec;
import dev.mero4j.transport.libp2p.internal.kad.KadMessage;
import dev.mero4j.transport.libp2p.internal.kad.KadProtocol;
import dev.mero4j.transport.libp2p.internal.kad.SignedRecords;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer speaking the real DHT protocol badly: refused, penalised, and the work stays bounded. */
class Libp2pKadBadInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DHT_ID = DiscoveryOptions.PRIVATE_DHT;
  private static final DiscoveryOptions DHT =
      new DiscoveryOptions(false, true, DHT_ID, false, false);

  private final List<Libp2pTransport> nodes = new ArrayList<>();

  private Libp2pTransport node(String name, DiscoveryOptions discovery) {
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(
                new TransportConfig(
                    Libp2pKadTest.key(name),
                    List.of("/ip4/127.0.0.1/tcp/0"),
                    List.of(),
                    discovery));
    nodes.add(t);
    return t;
  }

  @AfterEach
  void stop() {
    nodes.forEach(Libp2pTransport::close);
  }

  /** Counts the answers and resets a stream of the victim's DHT gets. */
  private static final class Probe implements StreamHandler {
    final LengthPrefixedReader reader = new LengthPrefixedReader(KadProtocol.MAX_MESSAGE);
    final AtomicInteger answers = new AtomicInteger();
    final AtomicBoolean reset = new AtomicBoolean();

    @Override
    public void onData(Libp2pStream s, ByteBuf data) {
      answers.addAndGet(reader.feed(data).size());
    }

    @Override
    public void onReset(Libp2pStream s) {
      reset.set(true);
    }
  }

  private static Libp2pStream open(Libp2pTransport from, Libp2pTransport to, Probe probe) {
    return from.host().newStream(to.localPeer().id(), List.of(DHT_ID), (s, p) -> probe).join();
  }

  private static byte[] frame(KadMessage m) {
    return LengthPrefixedReader.frame(KadCodec.encode(m));
  }

  private static KadMessage.Peer peer(Libp2pTransport t) {
    return new KadMessage.Peer(PeerIds.toBytes(t.localPeer().id()), List.of(), 0);
  }

  private Libp2pTransport connected(Libp2pTransport victim, String name) {
    Libp2pTransport mallory = node(name, DiscoveryOptions.NONE);
    mallory.dial(Libp2pKadTest.address(victim)).toCompletableFuture().join();
    return mallory;
  }

  @Test
  void anOversizedProviderListIsAViolationAndNothingIsStored() {
    Libp2pTransport victim = node("kad-victim-1", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-1");
    List<KadMessage.Peer> many = new ArrayList<>();
    for (int i = 0; i <= KadProtocol.MAX_PEERS_PER_FIELD; i++) {
      many.add(peer(mallory));
    }
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    Probe probe = new Probe();
    open(mallory, victim, probe)
        .write(frame(new KadMessage(KadMessage.Type.ADD_PROVIDER, key, null, List.of(), many)));
    PeerId id = mallory.localPeer().id();
    await().atMost(WAIT).until(() -> victim.score(id) < PeerScores.GRAYLIST_THRESHOLD);
    await().atMost(WAIT).until(() -> !victim.connectedPeers().contains(id));
    assertThat(victim.kad().dht().providers().size()).isZero();
  }

  @Test
  void anOversizedFrameIsRefusedBeforeItIsRead() {
    Libp2pTransport victim = node("kad-victim-2", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-2");
    Probe probe = new Probe();
    byte[] header = new byte[5];
    int n =
        dev.mero4j.transport.libp2p.internal.util.Varint.write(
            header, 0, KadProtocol.MAX_MESSAGE + 1);
    open(mallory, victim, probe).write(java.util.Arrays.copyOf(header, n));
    await().atMost(WAIT).until(probe.reset::get);
    assertThat(victim.score(mallory.localPeer().id())).isLessThan(PeerScores.GRAYLIST_THRESHOLD);
  }

  @Test
  void aGarbageRecordIsRefusedAndItsSenderPenalised() {
    Libp2pTransport victim = node("kad-victim-3", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-3");
    byte[] key = SignedRecords.key(victim.localPeer().id(), "inbox");
    byte[] forged =
        SignedRecords.sign(
            Libp2pKadTest.key("kad-mallory-3"),
            SignedRecords.key(mallory.localPeer().id(), "inbox"),
            7,
            new byte[] {1});
    KadMessage put =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            key,
            new KadMessage.KadRecord(key, forged, null),
            List.of(),
            List.of());
    Probe probe = new Probe();
    open(mallory, victim, probe).write(frame(put));
    await().atMost(WAIT).until(probe.reset::get);
    assertThat(probe.answers.get()).isZero();
    assertThat(victim.kad().dht().records().get(key)).isNull();
    assertThat(victim.score(mallory.localPeer().id())).isLessThan(PeerScores.GRAYLIST_THRESHOLD);
  }

  @Test
  void aProviderRecordNamingAnotherPeerIsIgnored() {
    Libp2pTransport victim = node("kad-victim-4", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-4");
    Libp2pTransport innocent = node("kad-innocent-4", DiscoveryOptions.NONE);
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    Probe probe = new Probe();
    Libp2pStream s = open(mallory, victim, probe);
    s.write(
        frame(
            new KadMessage(
                KadMessage.Type.ADD_PROVIDER, key, null, List.of(), List.of(peer(innocent)))));
    s.write(frame(KadMessage.request(KadMessage.Type.GET_PROVIDERS, key)));
    await().atMost(WAIT).until(() -> probe.answers.get() == 1);
    assertThat(victim.kad().dht().providers().size()).isZero();
    assertThat(victim.score(mallory.localPeer().id())).isZero();
  }

  @Test
  void aRequestFloodIsCutOffAndPenalised() {
    Libp2pTransport victim = node("kad-victim-5", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-5");
    byte[] target = PeerIds.toBytes(victim.localPeer().id());
    List<Probe> probes = new ArrayList<>();
    long start = System.nanoTime();
    for (int stream = 0; stream < 10; stream++) {
      Probe probe = new Probe();
      probes.add(probe);
      Libp2pStream s = open(mallory, victim, probe);
      for (int i = 0; i < 10; i++) {
        s.write(frame(KadMessage.request(KadMessage.Type.FIND_NODE, target)));
      }
    }
    PeerId id = mallory.localPeer().id();
    await()
        .atMost(WAIT)
        .until(() -> probes.stream().allMatch(p -> p.reset.get() || p.answers.get() == 10));
    double seconds = (System.nanoTime() - start) / 1e9;
    int answered = probes.stream().mapToInt(p -> p.answers.get()).sum();
    // the burst, plus what the rate refilled while the flood was being sent
    assertThat(answered)
        .isLessThanOrEqualTo(
            (int) (KadProtocol.RATE_BURST + KadProtocol.RATE_PER_SECOND * seconds) + 1)
        .isLessThan(100)
        .isGreaterThan(0);
    assertThat(victim.score(id)).isLessThan(0);
  }

  @Test
  void aSilentStreamIsResetAtTheReadDeadline() {
    Libp2pTransport victim = node("kad-victim-6", DHT);
    Libp2pTransport mallory = connected(victim, "kad-mallory-6");
    Probe probe = new Probe();
    open(mallory, victim, probe).write(new byte[] {5});
    await()
        .atLeast(Duration.ofMillis(KadProtocol.READ_DEADLINE_MILLIS - 2_000))
        .atMost(WAIT)
        .until(probe.reset::get);
    assertThat(victim.score(mallory.localPeer().id())).isZero();
  }

  @Test
  void aDhtServerAnsweringWithTooManyProvidersIsDroppedAndTheLookupEnds() {
    Libp2pTransport victim = node("kad-victim-7", DHT);
    Libp2pTransport mallory = node("kad-mallory-7", DiscoveryOptions.NONE);
    List<KadMessage.Peer> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] sybil = PeerIds.toBytes(Libp2pKadTest.key("kad-sybil-" + i).publicKey());
      many.add(new KadMessage.Peer(sybil, List.of(), 0));
    }
    mallory
        .host()
        .handle(
            DHT_ID,
            (stream, p) ->
                (s, data) -> {
                  byte[] request = new byte[data.readableBytes()];
                  data.readBytes(request);
                  KadMessage asked =
                      KadCodec.decode(java.util.Arrays.copyOfRange(request, 1, request.length));
                  s.write(frame(new KadMessage(asked.type(), asked.key(), null, List.of(), many)));
                });
    PeerId id = mallory.localPeer().id();
    victim.dial(Libp2pKadTest.address(mallory)).toCompletableFuture().join();
    // identify puts mallory in the table, which starts a self lookup that asks mallory
    await().atMost(WAIT).until(() -> victim.score(id) < PeerScores.GRAYLIST_THRESHOLD);
    await().atMost(WAIT).until(() -> victim.routing().orElseThrow().routingTableSize() == 0);
    List<?> found =
        victim
            .routing()
            .orElseThrow()
            .findProviders("k".getBytes(StandardCharsets.UTF_8), 5)
            .toCompletableFuture()
            .join();
    assertThat(found).isEmpty();
    assertThat(victim.connectedPeers()).doesNotContain(id);
  }

  @Test
  void aDhtServerAnsweringWithAForgedRecordIsPenalisedAndTheRecordIgnored() {
    Libp2pTransport victim = node("kad-victim-8", DHT);
    Libp2pTransport mallory = node("kad-mallory-8", DiscoveryOptions.NONE);
    byte[] key = SignedRecords.key(victim.localPeer().id(), "inbox");
    byte[] forged =
        SignedRecords.sign(
            Libp2pKadTest.key("kad-mallory-8"),
            SignedRecords.key(mallory.localPeer().id(), "inbox"),
            99,
            new byte[] {6, 6, 6});
    mallory
        .host()
        .handle(
            DHT_ID,
            (stream, p) ->
                (s, data) -> {
                  byte[] request = new byte[data.readableBytes()];
                  data.readBytes(request);
                  KadMessage asked =
                      KadCodec.decode(java.util.Arrays.copyOfRange(request, 1, request.length));
                  KadMessage.KadRecord record =
                      asked.type() == KadMessage.Type.GET_VALUE
                          ? new KadMessage.KadRecord(key, forged, null)
                          : null;
                  s.write(
                      frame(
                          new KadMessage(asked.type(), asked.key(), record, List.of(), List.of())));
                });
    victim.dial(Libp2pKadTest.address(mallory)).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> victim.routing().orElseThrow().routingTableSize() == 1);
    assertThat(victim.kad().values().getValue(key).join()).isEmpty();
    assertThat(victim.score(mallory.localPeer().id()))
        .isEqualTo(PeerScores.INVALID_MESSAGE, org.assertj.core.data.Offset.offset(1.0));
  }
}
