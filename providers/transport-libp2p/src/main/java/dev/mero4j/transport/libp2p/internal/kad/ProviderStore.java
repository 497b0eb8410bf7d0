package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Provider records received through ADD_PROVIDER: who provides which key, until when. Bounded per
 * key and in total; when full, the record expiring first makes room. Addresses are handed out only
 * while fresh (the spec's advice: old addresses point to where a peer used to be). Thread-safe.
 */
public final class ProviderStore {
  private record Provider(KadContact contact, long storedNanos, long expiresNanos) {}

  private final Map<ByteBuffer, LinkedHashMap<PeerId, Provider>> byKey = new HashMap<>();
  private final LongSupplier clock;
  private final long ttlNanos;
  private final long addressTtlNanos;
  private final int maxPerKey;
  private final int maxTotal;
  private int total;

  public ProviderStore(KadParams params, LongSupplier nanoClock, int maxPerKey, int maxTotal) {
    this.clock = nanoClock;
    this.ttlNanos = params.providerTtl().toNanos();
    this.addressTtlNanos = params.providerAddressTtl().toNanos();
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
  }

  /** Stores (or refreshes) {@code provider} for {@code key}. */
  public synchronized void add(byte[] key, KadContact provider) {
    long now = clock.getAsLong();
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    LinkedHashMap<PeerId, Provider> providers =
        byKey.computeIfAbsent(k, x -> new LinkedHashMap<>());
    if (providers.remove(provider.id()) != null) {
      total--;
    }
    if (providers.size() >= maxPerKey) {
      evictFirstExpiring(providers);
    }
    if (total >= maxTotal) {
      evictGlobally(now);
    }
    providers.put(provider.id(), new Provider(provider, now, now + ttlNanos));
    total++;
  }

  private void evictFirstExpiring(Map<PeerId, Provider> providers) {
    providers.values().stream()
        .min(Comparator.comparingLong(Provider::expiresNanos))
        .ifPresent(
            p -> {
              providers.remove(p.contact().id());
              total--;
            });
  }

  private void evictGlobally(long now) {
    expire(now);
    if (total < maxTotal) {
      return;
    }
    byKey.values().stream()
        .filter(m -> !m.isEmpty())
        .min(Comparator.comparingLong(m -> m.values().iterator().next().expiresNanos()))
        .ifPresent(this::evictFirstExpiring);
  }

  private void expire(long now) {
    byKey
        .values()
        .forEach(
            m ->
                m.values()
                    .removeIf(
                        p -> {
                          boolean old = p.expiresNanos() <= now;
                          total -= old ? 1 : 0;
                          return old;
                        }));
    byKey.values().removeIf(Map::isEmpty);
  }

  /** Up to {@code max} live providers of {@code key}, most recently announced first. */
  public synchronized List<KadContact> get(byte[] key, int max) {
    LinkedHashMap<PeerId, Provider> providers = byKey.get(ByteBuffer.wrap(key));
    if (providers == null) {
      return List.of();
    }
    long now = clock.getAsLong();
    List<Provider> live = new ArrayList<>(providers.values());
    live.removeIf(p -> p.expiresNanos() <= now);
    live.sort(Comparator.comparingLong(Provider::storedNanos).reversed());
    List<KadContact> out = new ArrayList<>();
    for (Provider p : live.subList(0, Math.min(max, live.size()))) {
      boolean fresh = now - p.storedNanos() <= addressTtlNanos;
      out.add(fresh ? p.contact() : p.contact().withoutAddrs());
    }
    return out;
  }

  /** Provider records held now (expired ones included until the next sweep). */
  public synchronized int size() {
    return total;
  }

  /** Drops expired records. */
  public synchronized void sweep() {
    expire(clock.getAsLong());
  }
}
