package dev.mero4j.transport.libp2p.internal.kad;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1,000 DHT nodes in the deterministic simulator, 20 % of them replaced (crashed without notice, as
 * many new ones joined): peer and provider lookups still succeed and take a logarithmic number of
 * hops.
 */
class KadSimulationTest {
  private static final int NODES = Integer.getInteger("mero4j.kad.sim.nodes", 1_000);
  private static final int LOOKUPS = 200;

  @Test
  void lookupsSucceedWithLogarithmicHopsUnderTwentyPercentChurn() {
    long started = System.nanoTime();
    KadSimulation sim = new KadSimulation(42);
    for (int i = 0; i < NODES; i++) {
      sim.join(3);
    }
    int churn = NODES / 5;
    sim.crash(churn);
    for (int i = 0; i < churn; i++) {
      sim.join(3);
    }
    List<Integer> hops = new ArrayList<>();
    int found = 0;
    long queries = 0;
    for (int i = 0; i < LOOKUPS; i++) {
      KadSimulation.Node from = sim.randomLive();
      KadSimulation.Node target = sim.randomLive();
      Lookup.Result r = sim.run(from.dht.closest(target.contact.rawId()));
      queries += r.queries();
      if (target != from
          && !r.closest().isEmpty()
          && r.closest().get(0).id().equals(target.dht.id())) {
        found++;
        hops.add(r.hops());
      } else if (target == from) {
        found++;
      }
    }
    int providersFound = 0;
    for (int i = 0; i < LOOKUPS / 4; i++) {
      byte[] key = ("content-" + i).getBytes(StandardCharsets.UTF_8);
      KadSimulation.Node provider = sim.randomLive();
      sim.run(provider.dht.provide(key).toCompletableFuture());
      KadSimulation.Node seeker = sim.randomLive();
      var providers = sim.run(seeker.dht.findProviders(key, 1).toCompletableFuture());
      if (seeker == provider
          || (!providers.isEmpty() && providers.get(0).peer().equals(provider.dht.id()))) {
        providersFound++;
      }
    }
    Collections.sort(hops);
    int median = hops.get(hops.size() / 2);
    double success = found / (double) LOOKUPS;
    double providerSuccess = providersFound / (double) (LOOKUPS / 4);
    double log2 = Math.log(NODES) / Math.log(2);
    System.out.printf(
        "kad simulation: %d nodes, %d replaced; peer lookups %.1f %% found, median hops %d (max %d),"
            + " %.1f queries per lookup; provider lookups %.1f %% found; %d messages; %.1f s%n",
        NODES,
        churn,
        success * 100,
        median,
        hops.get(hops.size() - 1),
        queries / (double) LOOKUPS,
        providerSuccess * 100,
        sim.sent,
        (System.nanoTime() - started) / 1e9);
    assertThat(success).isGreaterThanOrEqualTo(0.95);
    assertThat(providerSuccess).isGreaterThanOrEqualTo(0.95);
    assertThat((double) median).isLessThanOrEqualTo(log2 / 2);
  }

  /** Crashes every live node but the two kept that holds a provider record of {@code key}. */
  private static void crashHolders(
      KadSimulation sim, byte[] key, KadSimulation.Node keep, KadSimulation.Node seeker) {
    for (KadSimulation.Node n : sim.live()) {
      if (n != keep && n != seeker && !n.dht.providers().get(key, 1).isEmpty()) {
        sim.crash(n);
      }
    }
  }

  @Test
  void aProviderReannouncesUntilItStopsProviding() {
    KadSimulation sim = new KadSimulation(7);
    for (int i = 0; i < 80; i++) {
      sim.join(3);
    }
    KadSimulation.Node provider = sim.nodes.get(0);
    byte[] key = null;
    for (int i = 0; key == null; i++) {
      byte[] candidate = ("far-" + i).getBytes(StandardCharsets.UTF_8);
      KadKey target = KadKey.of(candidate);
      long nearer =
          sim.nodes.stream()
              .filter(n -> target.byDistance().compare(n.contact.key(), provider.contact.key()) < 0)
              .count();
      if (nearer > 3 * KadProtocol.K) {
        key = candidate; // neither the provider nor the seeker will be asked for it by accident
      }
    }
    byte[] k = key;
    sim.run(provider.dht.provide(k).toCompletableFuture());
    KadSimulation.Node seeker =
        sim.nodes.stream()
            .filter(n -> n != provider && n.dht.providers().get(k, 1).isEmpty())
            .findFirst()
            .orElseThrow();
    crashHolders(sim, k, provider, seeker);
    assertThat(sim.run(seeker.dht.findProviders(k, 1).toCompletableFuture())).isEmpty();

    sim.run(provider.dht.republish());
    assertThat(sim.run(seeker.dht.findProviders(k, 1).toCompletableFuture()))
        .extracting(p -> p.peer())
        .containsExactly(provider.dht.id());

    provider.dht.stopProviding(k);
    crashHolders(sim, k, provider, seeker);
    sim.run(provider.dht.republish());
    assertThat(sim.run(seeker.dht.findProviders(k, 1).toCompletableFuture())).isEmpty();
  }
}
