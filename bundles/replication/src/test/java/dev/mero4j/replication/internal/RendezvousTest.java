package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.KeyDelivery;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.ReplicaTransfer;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import dev.mero4j.transport.loopback.LoopbackTransportProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members find each other under rotating rendezvous keys: keys only a secret holder can compute, an
 * announcement per epoch, and a lonely member dialling who announced. The DHT is an in-memory
 * {@link PeerRouting} shared by two loopback transports that never dialled each other.
 */
class RendezvousTest {
  private static final ContextId CTX = ContextId.of(Hash.sha256(new byte[] {1}).toBytes());
  private static final byte[] SECRET = new byte[32];

  private final LoopbackNetwork network = new LoopbackNetwork(new Random(5));
  private final LoopbackTransportProvider provider = new LoopbackTransportProvider(network);
  private final List<Transport> transports = new ArrayList<>();
  private final Map<String, Set<PeerAddresses>> dht = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  @AfterEach
  void stop() {
    transports.forEach(Transport::close);
    network.close();
  }

  @Test
  void keysRotateHourlyAndNeedTheSecret() {
    byte[] now = Rendezvous.key(SECRET, 491_000);
    assertThat(now).hasSize(32).isEqualTo(Rendezvous.key(SECRET, 491_000));
    assertThat(Rendezvous.key(SECRET, 491_001)).isNotEqualTo(now);
    byte[] other = SECRET.clone();
    other[0] = 1;
    assertThat(Rendezvous.key(other, 491_000)).isNotEqualTo(now);
    assertThat(now).isNotEqualTo(CTX.toBytes());
  }

  @Test
  void aLonelyMemberDialsWhoAnnouncedTheKey() {
    Transport a = transport(1);
    Transport b = transport(2);
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T19:30:00Z"), ZoneOffset.UTC);
    new Rendezvous(a, Optional.of(new Dht(a)), new Secrets(), clock).run(Set.of(CTX), c -> false);
    assertThat(dht).hasSize(1);
    assertThat(b.connectedPeers()).isEmpty();

    new Rendezvous(b, Optional.of(new Dht(b)), new Secrets(), clock).run(Set.of(CTX), c -> true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.connectedPeers().contains(a.localPeer().id()));
  }

  @Test
  void aNewEpochAnnouncesTheNewKeyAndDropsTheOld() {
    Transport a = transport(1);
    MovingClock clock = new MovingClock(Instant.parse("2026-12-06T19:30:00Z"));
    Rendezvous rendezvous = new Rendezvous(a, Optional.of(new Dht(a)), new Secrets(), clock);
    rendezvous.run(Set.of(CTX), c -> false);
    rendezvous.run(Set.of(CTX), c -> false);
    String first = HexFormat.of().formatHex(Rendezvous.key(SECRET, rendezvous.epoch()));
    assertThat(dht.keySet()).containsExactly(first);

    clock.now = clock.now.plus(Rendezvous.EPOCH);
    rendezvous.run(Set.of(CTX), c -> false);
    assertThat(dht.keySet())
        .containsExactly(HexFormat.of().formatHex(Rendezvous.key(SECRET, rendezvous.epoch())))
        .doesNotContain(first);

    rendezvous.run(Set.of(), c -> false);
    assertThat(dht).as("a context no longer held is no longer announced").isEmpty();
  }

  @Test
  void aMemberAloneLooksUpLessAndLessOftenAndAtOnceUnderANewKey() {
    Transport a = transport(1);
    MovingClock clock = new MovingClock(Instant.parse("2026-12-06T19:00:00Z"));
    Rendezvous rendezvous =
        new Rendezvous(a, Optional.of(new Dht(a)), new Secrets(), clock, new Random(7));
    int rounds = 0;
    while (clock.now.isBefore(Instant.parse("2026-12-06T19:30:00Z"))) {
      rendezvous.run(Set.of(CTX), c -> true);
      clock.now = clock.now.plusSeconds(10);
      rounds++;
    }
    int alone = lookups.get() / 2;
    assertThat(alone)
        .as("look-ups (two keys each) in %d sync rounds alone", rounds)
        .isBetween(8, 18);

    clock.now = Instant.parse("2026-12-06T20:00:00Z");
    rendezvous.run(Set.of(CTX), c -> true);
    assertThat(lookups.get() / 2)
        .as("the new epoch's key is looked up at once")
        .isEqualTo(alone + 1);
  }

  @Test
  void withoutADhtNothingHappens() {
    Transport a = transport(1);
    new Rendezvous(a, Optional.empty(), new Secrets(), Clock.systemUTC())
        .run(Set.of(CTX), c -> true);
    assertThat(dht).isEmpty();
  }

  private Transport transport(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    Transport transport =
        provider.start(
            new TransportConfig(KeyPair.fromSeed(bytes), List.of("/memory/0"), List.of()));
    transports.add(transport);
    return transport;
  }

  /** The shared in-memory DHT seen from one node. */
  private final class Dht implements PeerRouting {
    private final Transport self;

    Dht(Transport self) {
      this.self = self;
    }

    @Override
    public CompletionStage<Void> provide(byte[] key) {
      Transport.PeerInfo info = self.localPeer();
      dht.computeIfAbsent(HexFormat.of().formatHex(key), k -> ConcurrentHashMap.newKeySet())
          .add(new PeerAddresses(info.id(), info.listenAddresses()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void stopProviding(byte[] key) {
      String hex = HexFormat.of().formatHex(key);
      Set<PeerAddresses> providers = dht.get(hex);
      if (providers != null) {
        providers.removeIf(p -> p.peer().equals(self.localPeer().id()));
        if (providers.isEmpty()) {
          dht.remove(hex);
        }
      }
    }

    @Override
    public CompletionStage<List<PeerAddresses>> findProviders(byte[] key, int limit) {
      lookups.incrementAndGet();
      return CompletableFuture.completedFuture(
          List.copyOf(dht.getOrDefault(HexFormat.of().formatHex(key), Set.of())));
    }

    @Override
    public CompletionStage<Optional<PeerAddresses>> findPeer(PeerId peer) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public int routingTableSize() {
      return 0;
    }
  }

  /** A node holding {@link #CTX} with {@link #SECRET}; replication parts are not needed here. */
  private static final class Secrets implements ReplicaDirectory {
    @Override
    public Set<ContextId> contextIds() {
      return Set.of(CTX);
    }

    @Override
    public byte[] rendezvousSecret(ContextId context) {
      if (!context.equals(CTX)) {
        throw new UnknownContextException("no context " + context);
      }
      return SECRET.clone();
    }

    @Override
    public ReplicaLog log(ContextId context) {
      throw new UnsupportedOperationException("not used by rendezvous");
    }

    @Override
    public ReplicaTransfer transfer(ContextId context) {
      throw new UnsupportedOperationException("not used by rendezvous");
    }

    @Override
    public GovernanceChannel governance(ContextId context) {
      throw new UnsupportedOperationException("not used by rendezvous");
    }

    @Override
    public KeyDelivery keys(ContextId context) {
      throw new UnsupportedOperationException("not used by rendezvous");
    }
  }
}
