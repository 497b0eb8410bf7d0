package dev.mero4j.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.dcutr.HolePunchMessage;
import dev.mero4j.transport.libp2p.internal.dcutr.HolePuncher;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer speaking DCUtR badly over a real relayed connection: malformed or oversized messages are
 * reset and penalised, and no amount of CONNECTs makes the victim dial more than a few times.
 */
class Libp2pDcutrBadInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final DiscoveryOptions RELAY =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, true, false);
  private static final DiscoveryOptions TRAVERSE =
      new DiscoveryOptions(false, false, DiscoveryOptions.PRIVATE_DHT, false, true);

  private final List<AutoCloseable> open = new ArrayList<>();

  private Libp2pTransport node(String name, DiscoveryOptions discovery, List<String> bootstrap) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of("/ip4/127.0.0.1/tcp/0"), bootstrap, discovery));
    open.add(t);
    return t;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  /** A victim with hole punching on, and mallory connected to it through a relay only. */
  private record Pair(Libp2pTransport victim, Libp2pTransport mallory) {}

  private Pair relayed(String name) {
    Libp2pTransport relay = node(name + "-relay", RELAY, List.of());
    Libp2pTransport victim = node(name + "-victim", TRAVERSE, List.of(address(relay)));
    await().atMost(WAIT).until(() -> !victim.networkStatus().relayAddresses().isEmpty());
    Libp2pTransport mallory = node(name + "-mallory", DiscoveryOptions.NONE, List.of());
    mallory.dial(victim.networkStatus().relayAddresses().get(0)).toCompletableFuture().join();
    assertThat(mallory.networkStatus().connections())
        .filteredOn(c -> c.peer().equals(victim.localPeer().id()))
        .singleElement()
        .matches(c -> c.relayed());
    return new Pair(victim, mallory);
  }

  /** Counts the victim's DCUtR messages on one stream and notes its reset. */
  private static final class Probe implements StreamHandler {
    final LengthPrefixedReader reader = new LengthPrefixedReader(HolePunchMessage.MAX_MESSAGE);
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

  private static Libp2pStream open(Pair p, Probe probe) {
    return p.mallory()
        .host()
        .newStream(
            p.victim().localPeer().id(), List.of(HolePunchMessage.PROTOCOL), (s, id) -> probe)
        .join();
  }

  private static byte[] frame(int type, List<byte[]> addrs) {
    return LengthPrefixedReader.frame(new HolePunchMessage(type, addrs).encode());
  }

  private static byte[] tcp(int port) {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port).toBytes();
  }

  private static void penalised(Pair p) {
    PeerId mallory = p.mallory().localPeer().id();
    await().atMost(WAIT).until(() -> p.victim().score(mallory) < 0);
  }

  @Test
  void aConnectWithTooManyAddressesIsResetUnanswered() {
    Pair p = relayed("dcutr-many");
    List<byte[]> addrs = new ArrayList<>();
    for (int i = 0; i <= HolePunchMessage.MAX_ADDRS; i++) {
      addrs.add(tcp(1000 + i));
    }
    Probe probe = new Probe();
    open(p, probe).write(frame(HolePunchMessage.CONNECT, addrs));

    await().atMost(WAIT).until(probe.reset::get);
    assertThat(probe.answers.get()).isZero();
    penalised(p);
  }

  @Test
  void anOversizedMessageIsRefusedBeforeItIsRead() {
    Pair p = relayed("dcutr-huge");
    // One address of 5000 bytes: the frame header alone announces more than 4 KiB.
    byte[] huge = frame(HolePunchMessage.CONNECT, List.of(new byte[5000]));
    byte[] header = new byte[5];
    int n = Varint.write(header, 0, HolePunchMessage.MAX_MESSAGE + 1);
    assertThat(huge.length).isGreaterThan(HolePunchMessage.MAX_MESSAGE + n);
    Probe probe = new Probe();
    open(p, probe).write(Arrays.copyOf(huge, n + 16));

    await().atMost(WAIT).until(probe.reset::get);
    assertThat(probe.answers.get()).isZero();
    penalised(p);
  }

  @Test
  void wrongMessageTypesAreResetUnanswered() {
    Pair p = relayed("dcutr-type");
    Probe syncFirst = new Probe();
    Probe unknown = new Probe();
    Probe twice = new Probe();
    // all streams first: a penalised peer may see its next streams refused
    Libp2pStream first = open(p, syncFirst);
    Libp2pStream second = open(p, unknown);
    Libp2pStream third = open(p, twice);
    first.write(frame(HolePunchMessage.SYNC, List.of()));
    second.write(frame(7, List.of(tcp(1000))));
    third.write(frame(HolePunchMessage.CONNECT, List.of(tcp(1000))));
    third.write(frame(HolePunchMessage.CONNECT, List.of(tcp(1001))));

    await().atMost(WAIT).until(() -> syncFirst.reset.get() && unknown.reset.get());
    await().atMost(WAIT).until(twice.reset::get);
    assertThat(syncFirst.answers.get() + unknown.answers.get()).isZero();
    // the first CONNECT was answered, the second one is the violation
    assertThat(twice.answers.get()).isLessThanOrEqualTo(1);
    penalised(p);
  }

  @Test
  void aConnectFloodMakesTheVictimDialAtMostOncePerAllowedAttempt() throws IOException {
    Pair p = relayed("dcutr-flood");
    AtomicInteger dialled = new AtomicInteger();
    int port = countingListener(dialled);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Probe probe = new Probe();
      probes.add(probe);
      Libp2pStream s = open(p, probe);
      s.write(frame(HolePunchMessage.CONNECT, List.of(tcp(port))));
      s.write(frame(HolePunchMessage.SYNC, List.of()));
    }

    await()
        .atMost(WAIT)
        .until(() -> probes.stream().allMatch(q -> q.reset.get() || q.answers.get() == 1));
    int answered = probes.stream().mapToInt(q -> q.answers.get()).sum();
    assertThat(answered).isEqualTo(HolePuncher.MAX_ATTEMPTS);
    await().atMost(WAIT).until(() -> dialled.get() == answered);
    assertThat(probes.stream().filter(q -> q.reset.get())).hasSize(10 - answered);
    // still healthy: a newcomer connects and is answered
    Libp2pTransport friend = node("dcutr-flood-friend", DiscoveryOptions.NONE, List.of());
    PeerId victim = friend.dial(address(p.victim())).toCompletableFuture().join();
    assertThat(friend.ping(victim).toCompletableFuture().join()).isPositive();
    assertThat(dialled.get()).isEqualTo(HolePuncher.MAX_ATTEMPTS);
  }

  @Test
  void dcutrOverADirectConnectionIsRefusedWithoutADial() throws IOException {
    Libp2pTransport victim = node("dcutr-direct-victim", TRAVERSE, List.of());
    Libp2pTransport mallory = node("dcutr-direct-mallory", DiscoveryOptions.NONE, List.of());
    mallory.dial(address(victim)).toCompletableFuture().join();
    Pair p = new Pair(victim, mallory);
    AtomicInteger dialled = new AtomicInteger();
    int port = countingListener(dialled);
    Probe probe = new Probe();
    Libp2pStream s = open(p, probe);
    s.write(frame(HolePunchMessage.CONNECT, List.of(tcp(port))));
    s.write(frame(HolePunchMessage.SYNC, List.of()));

    await().atMost(WAIT).until(probe.reset::get);
    assertThat(probe.answers.get()).isZero();
    assertThat(dialled.get()).isZero();
    assertThat(victim.connectedPeers()).contains(mallory.localPeer().id());
  }

  @Test
  void dcutrOnTheDirectConnectionBesideARelayedOneIsRefusedWithoutADial() throws IOException {
    // The relayed connection is what DCUtR upgrades: a stream on the direct one next to it must be
    // judged by its own connection, not by whether some relayed connection to the peer exists.
    Pair p = relayed("dcutr-beside");
    Connection direct = p.mallory().host().dial(Multiaddr.parse(address(p.victim()))).join();
    assertThat(direct.relayed()).isFalse();
    AtomicInteger dialled = new AtomicInteger();
    int port = countingListener(dialled);
    Probe probe = new Probe();
    Libp2pStream s =
        direct.openStream(List.of(HolePunchMessage.PROTOCOL), (stream, id) -> probe).join();
    s.write(frame(HolePunchMessage.CONNECT, List.of(tcp(port))));
    s.write(frame(HolePunchMessage.SYNC, List.of()));

    await().atMost(WAIT).until(probe.reset::get);
    assertThat(probe.answers.get()).isZero();
    assertThat(dialled.get()).isZero();
  }

  /** A TCP listener on loopback that counts the connections it accepts; returns its port. */
  private int countingListener(AtomicInteger accepted) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(server);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                  accepted.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "dcutr-dial-counter");
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }
}
