package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The k-bucket routing table: bucket {@code i} holds up to k peers sharing exactly {@code i}
 * leading key bits with this node, least recently seen first, plus a replacement cache of up to k
 * recent candidates that take a slot when an entry is evicted. Diversity limits cap the peers of
 * one IP group (a /24 IPv4 or /48 IPv6 network, null for loopback and unknown) per bucket and per
 * table, so filling a bucket takes addresses in many networks. Thread-safe.
 */
public final class RoutingTable {
  /** What became of a peer offered to the table. */
  public enum Outcome {
    ADDED,
    UPDATED,
    /** The bucket is full: the candidate waits in the replacement cache. */
    CACHED,
    /** Its IP group has used up its share. */
    REJECTED_DIVERSITY,
    SELF
  }

  /** One table entry. */
  public record Entry(KadContact contact, String group, long lastSeenNanos) {}

  private final KadKey self;
  private final int k;
  private final int maxPerGroupPerBucket;
  private final int maxPerGroupInTable;
  private final LongSupplier clock;
  private final List<Deque<Entry>> buckets = new ArrayList<>(KadKey.BITS);
  private final List<Deque<Entry>> replacements = new ArrayList<>(KadKey.BITS);
  private final Map<String, Integer> groupCounts = new HashMap<>();
  private int size;

  public RoutingTable(KadKey self, KadParams params, LongSupplier nanoClock) {
    this.self = self;
    this.k = params.k();
    this.maxPerGroupPerBucket = params.maxPerGroupPerBucket();
    this.maxPerGroupInTable = params.maxPerGroupInTable();
    this.clock = nanoClock;
    for (int i = 0; i < KadKey.BITS; i++) {
      buckets.add(new ArrayDeque<>());
      replacements.add(new ArrayDeque<>());
    }
  }

  /** Records that {@code contact} (in IP group {@code group}) answered or spoke the protocol. */
  public synchronized Outcome seen(KadContact contact, String group) {
    int index = self.commonPrefixLength(contact.key());
    if (index >= KadKey.BITS) {
      return Outcome.SELF;
    }
    Deque<Entry> bucket = buckets.get(index);
    Entry existing = remove(bucket, contact);
    long now = clock.getAsLong();
    if (existing != null) {
      bucket.addLast(
          new Entry(existing.contact().withAddrs(contact.addrs()), existing.group(), now));
      return Outcome.UPDATED;
    }
    if (!groupAllows(bucket, group)) {
      return Outcome.REJECTED_DIVERSITY;
    }
    Entry entry = new Entry(contact, group, now);
    if (bucket.size() < k) {
      insert(bucket, entry);
      return Outcome.ADDED;
    }
    Deque<Entry> cache = replacements.get(index);
    remove(cache, contact);
    cache.addLast(entry);
    if (cache.size() > k) {
      cache.removeFirst();
    }
    return Outcome.CACHED;
  }

  private boolean groupAllows(Deque<Entry> bucket, String group) {
    if (group == null) {
      return true;
    }
    long inBucket = bucket.stream().filter(e -> group.equals(e.group())).count();
    return inBucket < maxPerGroupPerBucket
        && groupCounts.getOrDefault(group, 0) < maxPerGroupInTable;
  }

  private void insert(Deque<Entry> bucket, Entry entry) {
    bucket.addLast(entry);
    size++;
    if (entry.group() != null) {
      groupCounts.merge(entry.group(), 1, Integer::sum);
    }
  }

  private static Entry remove(Deque<Entry> deque, KadContact contact) {
    for (Iterator<Entry> it = deque.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.contact().equals(contact)) {
        it.remove();
        return e;
      }
    }
    return null;
  }

  /** The least recently seen entry of the bucket {@code contact} would go into, when full. */
  public synchronized Optional<Entry> oldestIfFull(KadKey key) {
    int index = self.commonPrefixLength(key);
    if (index >= KadKey.BITS || buckets.get(index).size() < k) {
      return Optional.empty();
    }
    return Optional.of(buckets.get(index).peekFirst());
  }

  /** Evicts a peer (it failed to answer); the newest fitting replacement takes its slot. */
  public synchronized boolean remove(KadContact contact) {
    int index = self.commonPrefixLength(contact.key());
    if (index >= KadKey.BITS) {
      return false;
    }
    Deque<Entry> bucket = buckets.get(index);
    Entry gone = remove(bucket, contact);
    if (gone == null) {
      remove(replacements.get(index), contact);
      return false;
    }
    size--;
    if (gone.group() != null) {
      groupCounts.computeIfPresent(gone.group(), (g, n) -> n > 1 ? n - 1 : null);
    }
    Deque<Entry> cache = replacements.get(index);
    for (Iterator<Entry> it = cache.descendingIterator(); it.hasNext(); ) {
      Entry candidate = it.next();
      if (groupAllows(bucket, candidate.group())) {
        it.remove();
        insert(bucket, candidate);
        break;
      }
    }
    return true;
  }

  /** Up to {@code count} known peers nearest to {@code target}, nearest first. */
  public synchronized List<KadContact> closest(KadKey target, int count) {
    Comparator<KadKey> order = target.byDistance();
    List<KadContact> all = new ArrayList<>(size);
    buckets.forEach(b -> b.forEach(e -> all.add(e.contact())));
    all.sort((a, b) -> order.compare(a.key(), b.key()));
    return List.copyOf(all.subList(0, Math.min(count, all.size())));
  }

  public synchronized Optional<KadContact> get(PeerId id) {
    for (Deque<Entry> bucket : buckets) {
      for (Entry e : bucket) {
        if (e.contact().id().equals(id)) {
          return Optional.of(e.contact());
        }
      }
    }
    return Optional.empty();
  }

  /** Entries not seen for {@code ageNanos}, oldest first, at most {@code max}. */
  public synchronized List<Entry> stale(long ageNanos, int max) {
    long now = clock.getAsLong();
    List<Entry> out = new ArrayList<>();
    buckets.forEach(
        b -> b.stream().filter(e -> now - e.lastSeenNanos() > ageNanos).forEach(out::add));
    out.sort(Comparator.comparingLong(Entry::lastSeenNanos));
    return List.copyOf(out.subList(0, Math.min(max, out.size())));
  }

  /** Indices of the buckets holding at least one peer. */
  public synchronized List<Integer> nonEmptyBuckets() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < KadKey.BITS; i++) {
      if (!buckets.get(i).isEmpty()) {
        out.add(i);
      }
    }
    return out;
  }

  /** Peers in bucket {@code index}, least recently seen first. */
  public synchronized List<KadContact> bucket(int index) {
    return buckets.get(index).stream().map(Entry::contact).toList();
  }

  /** Candidates waiting in bucket {@code index}'s replacement cache, oldest first. */
  public synchronized List<KadContact> replacements(int index) {
    return replacements.get(index).stream().map(Entry::contact).toList();
  }

  public synchronized int size() {
    return size;
  }
}
