package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.Rendezvous;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.transport.libp2p.internal.kad.KadContact;
import dev.mero4j.transport.libp2p.internal.kad.KadDht;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members of a context find each other through the real Kademlia DHT over libp2p on 127.0.0.1: a
 * bootstrap node that holds no context is the only address any member is configured with, members
 * announce and look up the rendezvous key, and the bootstrap node's stores never see a context id.
 */
class Libp2pRendezvousTest {
  private static final DiscoveryOptions DHT_ONLY =
      new DiscoveryOptions(false, true, DiscoveryOptions.PRIVATE_DHT, false, false);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String LOOPBACK = "/ip4/127.0.0.1/tcp/";

  @TempDir Path dir;

  private final Libp2pTransportProvider libp2p = new Libp2pTransportProvider();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ShiftedClock clock = new ShiftedClock();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void membersKnowingOnlyABootstrapNodeMeetUnderTheRendezvousKeyWhichRotates() {
    Transport boot = bootstrapNode(seed(9), 0);
    String bootAddress =
        boot.localPeer().listenAddresses().get(0) + "/p2p/" + boot.localPeer().id();
    Member a = new Member("a", seed(1), bootAddress).start(true);
    Member b = new Member("b", seed(2), bootAddress).start(true);
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    b.replicator.join(
        a.contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    b.restart();

    byte[] secret = a.contexts.rendezvousSecret(ctx);
    long epoch = clock.epoch();
    byte[] key = Rendezvous.key(secret, epoch);
    KadDht dht = (KadDht) boot.routing().orElseThrow();
    await("both members announced at the bootstrap node")
        .atMost(WAIT)
        .until(() -> providers(dht, key), p -> p.containsAll(Set.of(a.peer(), b.peer())));
    assertThat(found(b, key)).as("b looks a up in the DHT").contains(a.peer());
    assertThat(found(a, key)).as("a looks b up in the DHT").contains(b.peer());
    await("the members connect").atMost(WAIT).until(() -> a.connectedTo(b) && b.connectedTo(a));

    a.call(ctx, "set", "{\"key\":\"from-a\",\"value\":\"1\"}");
    b.call(ctx, "set", "{\"key\":\"from-b\",\"value\":\"2\"}");
    await().atMost(WAIT).until(() -> "\"1\"".equals(b.call(ctx, "get", "{\"key\":\"from-a\"}")));
    await().atMost(WAIT).until(() -> "\"2\"".equals(a.call(ctx, "get", "{\"key\":\"from-b\"}")));
    assertOnlyRendezvousKeys(dht, ctx, secret, epoch);

    clock.shift(Rendezvous.EPOCH);
    byte[] next = Rendezvous.key(secret, epoch + 1);
    assertThat(next).isNotEqualTo(key);
    await("the next epoch's key is announced")
        .atMost(WAIT)
        .until(() -> providers(dht, next), p -> p.containsAll(Set.of(a.peer(), b.peer())));
    assertOnlyRendezvousKeys(dht, ctx, secret, epoch, epoch + 1);
  }

  @Test
  void aMemberThatStartedBeforeItsBootstrapNodeAnnouncesOnceTheNodeIsUp() throws IOException {
    KeyPair bootKey = KeyPair.fromSeed(seed(9));
    int port = freePort();
    String bootAddress = LOOPBACK + port + "/p2p/" + PeerIds.of(bootKey.publicKey());
    Member a = new Member("a", seed(1), bootAddress).start(true);
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    byte[] key = Rendezvous.key(a.contexts.rendezvousSecret(ctx), clock.epoch());
    KadDht own = (KadDht) a.transport.routing().orElseThrow();
    await("a tried to announce while no DHT peer was up")
        .atMost(WAIT)
        .until(() -> !own.providers().get(key, 1).isEmpty());

    Transport boot = bootstrapNode(seed(9), port);
    KadDht dht = (KadDht) boot.routing().orElseThrow();
    await("a announces once the bootstrap node is up, not an epoch later")
        .atMost(WAIT)
        .until(() -> providers(dht, key), p -> p.contains(a.peer()));
  }

  /**
   * Every provider record the bootstrap node holds is under a rendezvous key of {@code epochs}; no
   * key equals or contains the context id or its hash, and it holds no signed record.
   */
  private static void assertOnlyRendezvousKeys(
      KadDht dht, ContextId ctx, byte[] secret, long... epochs) {
    long underRendezvousKeys = 0;
    for (long epoch : epochs) {
      underRendezvousKeys += dht.providers().get(Rendezvous.key(secret, epoch), 100).size();
    }
    assertThat(dht.providers().size())
        .as("provider records other than under the rendezvous keys")
        .isEqualTo(underRendezvousKeys);
    for (byte[] leak : List.of(ctx.toBytes(), Hash.sha256(ctx.toBytes()).toBytes())) {
      assertThat(dht.providers().get(leak, 100)).isEmpty();
      for (long epoch : epochs) {
        assertThat(containsBytes(Rendezvous.key(secret, epoch), leak)).isFalse();
      }
    }
    assertThat(dht.records().size()).as("signed records").isZero();
  }

  private static boolean containsBytes(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  private static Set<PeerId> providers(KadDht dht, byte[] key) {
    return dht.providers().get(key, 100).stream().map(KadContact::id).collect(Collectors.toSet());
  }

  /** Who {@code member} finds under {@code key} with a DHT lookup, each with an address. */
  private static Set<PeerId> found(Member member, byte[] key) {
    List<PeerAddresses> found =
        member
            .transport
            .routing()
            .orElseThrow()
            .findProviders(key, 20)
            .toCompletableFuture()
            .join();
    return found.stream()
        .filter(p -> p.addresses().stream().anyMatch(x -> x.startsWith(LOOPBACK)))
        .map(PeerAddresses::peer)
        .collect(Collectors.toSet());
  }

  private Transport bootstrapNode(byte[] seed, int port) {
    Transport boot =
        libp2p.start(
            new TransportConfig(
                KeyPair.fromSeed(seed), List.of(LOOPBACK + port), List.of(), DHT_ONLY));
    open.add(boot::close);
    return boot;
  }

  private static byte[] seed(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return seed;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A member node: MapDB storage, runtime, libp2p with the DHT, replication on the test clock. */
  private final class Member implements AutoCloseable {
    private final Path home;
    private final byte[] seed;
    private final String bootstrap;
    StorageEngine storage;
    ContextManager contexts;
    Transport transport;
    Replicator replicator;
    ApplicationId app;

    Member(String name, byte[] seed, String bootstrap) {
      this.home = dir.resolve(name);
      this.seed = seed;
      this.bootstrap = bootstrap;
      open.add(this);
    }

    Member start(boolean installApp) {
      storage = new MapDbStorageProvider().open(StorageConfig.at(home));
      ApplicationManager apps =
          new ApplicationManager(storage, Cluster.ENGINE, RuntimeLimits.DEFAULT);
      contexts =
          new ContextManager(
              storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
      if (installApp) {
        app = apps.install(Cluster.PROBE, "probe").id();
      }
      transport =
          libp2p.start(
              new TransportConfig(
                  KeyPair.fromSeed(seed), List.of(LOOPBACK + "0"), List.of(bootstrap), DHT_ONLY));
      replicator = new Replicator(transport, contexts, Cluster.FAST, clock);
      replicator.start();
      return this;
    }

    /** Stops and starts again on a new port, knowing only its bootstrap node. */
    void restart() {
      close();
      start(false);
    }

    PeerId peer() {
      return transport.localPeer().id();
    }

    boolean connectedTo(Member other) {
      return transport.connectedPeers().contains(other.peer());
    }

    String call(ContextId ctx, String method, String args) {
      return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
    }

    @Override
    public void close() {
      if (replicator != null) {
        Stream.<AutoCloseable>of(replicator, transport, storage)
            .forEach(Libp2pRendezvousTest::closeQuietly);
        replicator = null;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing " + c + " failed", e);
    }
  }

  /** The system clock, moved on by what the test adds (the epoch changes when the test says). */
  private static final class ShiftedClock extends Clock {
    private final Instant start =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(1800);
    private final long startNanos = System.nanoTime();
    private volatile Duration shift = Duration.ZERO;

    void shift(Duration by) {
      shift = shift.plus(by);
    }

    long epoch() {
      return millis() / Rendezvous.EPOCH.toMillis();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return start.plusNanos(System.nanoTime() - startNanos).plus(shift);
    }
  }
}
