package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The envelopes of one context waiting for governance ops or a key, capped in count and bytes
 * (oldest dropped first) and in age: one still waiting after {@link #MAX_AGE} never became valid,
 * so it is dropped and its hash reported, for replication to penalise the peer that sent it.
 * Guarded by its context's write lock.
 */
final class AwaitingEnvelopes {
  /** Envelopes kept while they wait for governance; a flood cannot grow memory without bound. */
  static final int MAX_COUNT = 4096;

  /** Bytes of the envelopes kept while they wait for governance; the oldest go first. */
  static final long MAX_BYTES = 32L << 20;

  /**
   * How long an envelope may wait for governance: honest ops arrive within a few sync rounds, and
   * an honest envelope dropped anyway comes back by catch-up once its ops are known.
   */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /** An envelope waiting: its sealed bytes, the ops it names (when it opened), since when. */
  private record Awaiting(byte[] sealed, Set<GovernanceOpId> names, Instant since) {}

  private final Clock clock;
  private final Map<Hash, Awaiting> awaiting = new LinkedHashMap<>();

  /** When the envelopes taken for the last retry started waiting: a retry keeps their age. */
  private Map<Hash, Instant> retrying = Map.of();

  private long bytes;

  AwaitingEnvelopes(Clock clock) {
    this.clock = clock;
  }

  void add(byte[] sealed, Set<GovernanceOpId> names) {
    Hash hash = Hash.sha256(sealed);
    Awaiting previous = awaiting.get(hash);
    Instant since =
        previous != null ? previous.since() : retrying.getOrDefault(hash, clock.instant());
    awaiting.put(hash, new Awaiting(sealed, names, since));
    bytes += sealed.length - (previous == null ? 0 : previous.sealed().length);
    while (awaiting.size() > MAX_COUNT || bytes > MAX_BYTES) {
      Iterator<Awaiting> oldest = awaiting.values().iterator();
      bytes -= oldest.next().sealed().length;
      oldest.remove();
    }
  }

  int count() {
    return awaiting.size();
  }

  long bytes() {
    return bytes;
  }

  /** Takes every waiting envelope, to retry after governance progressed. */
  List<byte[]> drain() {
    Map<Hash, Instant> ages = new HashMap<>();
    List<byte[]> out = new ArrayList<>(awaiting.size());
    awaiting.forEach(
        (hash, a) -> {
          ages.put(hash, a.since());
          out.add(a.sealed());
        });
    retrying = ages;
    awaiting.clear();
    bytes = 0;
    return out;
  }

  /** Drops the envelopes that did not open (key unknown to the log); returns how many. */
  int dropUnopened() {
    int before = awaiting.size();
    awaiting.values().removeIf(a -> a.names().isEmpty());
    bytes = awaiting.values().stream().mapToLong(a -> a.sealed().length).sum();
    return before - awaiting.size();
  }

  /** Drops the envelopes waiting longer than {@link #MAX_AGE}; returns their SHA-256 hashes. */
  List<Hash> expire() {
    Instant cutoff = clock.instant().minus(MAX_AGE);
    List<Hash> expired = new ArrayList<>();
    Iterator<Map.Entry<Hash, Awaiting>> it = awaiting.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Hash, Awaiting> entry = it.next();
      if (!entry.getValue().since().isAfter(cutoff)) {
        expired.add(entry.getKey());
        bytes -= entry.getValue().sealed().length;
        it.remove();
      }
    }
    return expired;
  }

  /** Hands each op a waiting envelope names to {@code sink}. */
  void forEachName(Consumer<GovernanceOpId> sink) {
    awaiting.values().forEach(a -> a.names().forEach(sink));
  }
}
