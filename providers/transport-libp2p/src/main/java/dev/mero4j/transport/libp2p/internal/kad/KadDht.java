package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Kademlia DHT of one node over any {@link KadNetwork}: routing table upkeep (peers enter when
 * they answer or announce the protocol, full buckets probe their oldest entry, refreshes look up
 * this node and one random key per bucket), provider announcements kept fresh, provider and peer
 * lookups, and signed records.
 */
public final class KadDht implements PeerRouting {
  private static final System.Logger LOG = System.getLogger(KadDht.class.getName());

  /** Stale entries probed per refresh. */
  private static final int PROBES_PER_REFRESH = 8;

  final KeyPair identity;
  private final KadContact selfTemplate;
  private final KadParams params;
  final KadNetwork network;
  private final Random random;
  private final Supplier<List<byte[]>> selfAddrs;
  private final RoutingTable table;
  private final ProviderStore providers;
  private final RecordStore records;
  private final KadServer server;
  private final Set<ByteBuffer> providing = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean bootstrapping = new AtomicBoolean();
  private volatile boolean closed;

  public KadDht(
      KeyPair identity,
      KadParams params,
      KadNetwork network,
      LongSupplier nanoClock,
      Random random,
      Supplier<List<byte[]>> selfAddrs) {
    this.identity = identity;
    byte[] raw = PeerIds.toBytes(identity.publicKey());
    this.selfTemplate = KadContact.of(raw, List.of());
    this.params = params;
    this.network = network;
    this.random = random;
    this.selfAddrs = selfAddrs;
    this.table = new RoutingTable(selfTemplate.key(), params, nanoClock);
    this.providers =
        new ProviderStore(
            params, nanoClock, KadProtocol.MAX_PROVIDERS_PER_KEY, KadProtocol.MAX_PROVIDER_RECORDS);
    this.records = new RecordStore(KadProtocol.MAX_RECORDS);
    this.server = new KadServer(table, providers, records, this::self);
  }

  /** Starts the periodic refresh and republish. */
  public void start() {
    every(params.refreshInterval().toNanos(), this::refresh);
    every(params.republishInterval().toNanos(), () -> republish());
  }

  private void every(long nanos, Runnable task) {
    network.schedule(
        nanos,
        () -> {
          if (closed) {
            return;
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "DHT periodic task failed", e);
          }
          every(nanos, task);
        });
  }

  public void close() {
    closed = true;
  }

  KadContact self() {
    return selfTemplate.withAddrs(selfAddrs.get());
  }

  public PeerId id() {
    return selfTemplate.id();
  }

  public RoutingTable table() {
    return table;
  }

  public ProviderStore providers() {
    return providers;
  }

  public RecordStore records() {
    return records;
  }

  /** Answers an inbound request from {@code from}; throws {@link KadException} when invalid. */
  public KadMessage handle(PeerId from, KadMessage request) {
    return server.handle(from, request);
  }

  // ---- routing table upkeep ----

  /** {@code peer} answered or announced the DHT protocol: it goes into the table. */
  public void seen(PeerId peer, List<byte[]> addrs) {
    seen(KadContact.of(PeerIds.toBytes(peer), addrs));
  }

  void seen(KadContact contact) {
    if (closed) {
      return;
    }
    boolean wasEmpty = table.size() == 0;
    RoutingTable.Outcome outcome = table.seen(contact, network.ipGroup(contact.id()));
    if (outcome == RoutingTable.Outcome.CACHED) {
      table.oldestIfFull(contact.key()).ifPresent(oldest -> probe(oldest.contact()));
    } else if (outcome == RoutingTable.Outcome.ADDED && wasEmpty) {
      bootstrap();
    }
  }

  /** Asks {@code peer} a FIND_NODE of this node; a peer that does not answer is evicted. */
  private void probe(KadContact peer) {
    network
        .send(peer, KadMessage.request(KadMessage.Type.FIND_NODE, selfTemplate.rawId()))
        .whenComplete(
            (answer, error) -> {
              if (error != null || answer == null) {
                table.remove(peer);
              } else {
                table.seen(peer, network.ipGroup(peer.id()));
              }
            });
  }

  /** Looks up this node (once at a time), filling the buckets nearest to it. */
  public CompletableFuture<Void> bootstrap() {
    if (!bootstrapping.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    return closest(selfTemplate.rawId())
        .handle((r, e) -> (Void) null)
        .whenComplete((r, e) -> bootstrapping.set(false));
  }

  /** Self lookup, one lookup of a random key in each non-empty bucket, probes of stale entries. */
  public CompletableFuture<Void> refresh() {
    List<CompletableFuture<?>> all = new ArrayList<>();
    all.add(bootstrap());
    for (int bucket : table.nonEmptyBuckets()) {
      byte[] bits = new byte[32];
      random.nextBytes(bits);
      KadKey target = selfTemplate.key().randomWithPrefix(bucket, bits);
      all.add(lookup(target, KadMessage.Type.FIND_NODE, selfTemplate.rawId(), (f, a) -> false));
    }
    table.stale(params.staleAfter().toNanos(), PROBES_PER_REFRESH).forEach(e -> probe(e.contact()));
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .handle((r, e) -> (Void) null);
  }

  // ---- lookups ----

  /** The k closest peers to {@code key} that answered a FIND_NODE walk. */
  CompletableFuture<Lookup.Result> closest(byte[] key) {
    return lookup(KadKey.of(key), KadMessage.Type.FIND_NODE, key, (f, a) -> false);
  }

  /** Runs a lookup of {@code target} sending {@code type} requests about {@code key}. */
  CompletableFuture<Lookup.Result> lookup(
      KadKey target,
      KadMessage.Type type,
      byte[] key,
      java.util.function.BiPredicate<KadContact, KadMessage> onAnswer) {
    Lookup.Step step =
        new Lookup.Step() {
          @Override
          public KadMessage request() {
            return KadMessage.request(type, key);
          }

          @Override
          public boolean onAnswer(KadContact from, KadMessage answer) {
            seen(from);
            return onAnswer.test(from, answer);
          }

          @Override
          public void onFailure(KadContact peer) {
            table.remove(peer);
          }
        };
    return Lookup.run(network, id(), params, target, table.closest(target, params.k()), step);
  }

  // ---- PeerRouting ----

  @Override
  public CompletionStage<Void> provide(byte[] key) {
    checkKey(key);
    providing.add(ByteBuffer.wrap(key.clone()));
    return announce(key.clone());
  }

  private CompletableFuture<Void> announce(byte[] key) {
    KadContact me = self();
    providers.add(key, me);
    KadMessage add =
        new KadMessage(KadMessage.Type.ADD_PROVIDER, key, null, List.of(), List.of(me.toPeer()));
    return closest(key)
        .thenCompose(
            r -> {
              if (r.closest().isEmpty()) {
                return CompletableFuture.failedFuture(
                    new PeerUnreachableException("no DHT peer answered; nobody to announce to"));
              }
              List<CompletableFuture<KadMessage>> sends =
                  r.closest().stream().map(c -> network.send(c, add)).toList();
              return CompletableFuture.allOf(
                      sends.stream()
                          .map(s -> s.exceptionally(e -> null))
                          .toArray(CompletableFuture[]::new))
                  .thenApply(v -> (Void) null);
            });
  }

  /** Re-announces every key still provided; completes when every announcement ended. */
  public CompletableFuture<Void> republish() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (ByteBuffer key : providing) {
      byte[] k = new byte[key.remaining()];
      key.duplicate().get(k);
      all.add(
          announce(k)
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      LOG.log(Level.DEBUG, "republish failed: {0}", e.toString());
                    }
                  })
              .exceptionally(e -> null));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  @Override
  public void stopProviding(byte[] key) {
    providing.remove(ByteBuffer.wrap(key));
  }

  @Override
  public CompletionStage<List<PeerAddresses>> findProviders(byte[] key, int limit) {
    checkKey(key);
    Map<PeerId, KadContact> found = new LinkedHashMap<>();
    for (KadContact c : providers.get(key, limit)) {
      if (!c.id().equals(id())) {
        found.put(c.id(), c);
      }
    }
    if (found.size() >= limit) {
      return CompletableFuture.completedFuture(addresses(found, limit));
    }
    return lookup(
            KadKey.of(key),
            KadMessage.Type.GET_PROVIDERS,
            key,
            (from, answer) -> {
              synchronized (found) {
                for (KadMessage.Peer p : answer.providerPeers()) {
                  KadContact c = KadContact.of(p.id(), p.addrs());
                  if (!c.id().equals(id())) {
                    found.merge(c.id(), c, (old, neu) -> old.addrs().isEmpty() ? neu : old);
                  }
                }
                return found.size() >= limit;
              }
            })
        .thenApply(
            r -> {
              synchronized (found) {
                return addresses(found, limit);
              }
            });
  }

  private List<PeerAddresses> addresses(Map<PeerId, KadContact> found, int limit) {
    return found.values().stream()
        .limit(limit)
        .map(
            c ->
                new PeerAddresses(
                    c.id(), readable(table.get(c.id()).orElse(c).withAddrs(c.addrs()))))
        .toList();
  }

  @Override
  public CompletionStage<Optional<PeerAddresses>> findPeer(PeerId peer) {
    Optional<KadContact> known = table.get(peer);
    if (known.isPresent() && !known.get().addrs().isEmpty()) {
      return CompletableFuture.completedFuture(
          Optional.of(new PeerAddresses(peer, readable(known.get()))));
    }
    byte[] raw = PeerIds.toBytes(peer);
    KadContact[] hit = new KadContact[1];
    return lookup(
            KadKey.of(raw),
            KadMessage.Type.FIND_NODE,
            raw,
            (from, answer) -> {
              for (KadMessage.Peer p : answer.closerPeers()) {
                if (java.util.Arrays.equals(p.id(), raw) && !p.addrs().isEmpty()) {
                  synchronized (hit) {
                    hit[0] = KadContact.of(raw, p.addrs());
                  }
                  return true;
                }
              }
              return from.id().equals(peer) && !from.addrs().isEmpty();
            })
        .thenApply(
            r -> {
              synchronized (hit) {
                KadContact c = hit[0] != null ? hit[0] : table.get(peer).orElse(null);
                return Optional.ofNullable(c)
                    .filter(x -> !x.addrs().isEmpty())
                    .map(x -> new PeerAddresses(peer, readable(x)));
              }
            });
  }

  @Override
  public int routingTableSize() {
    return table.size();
  }

  /** Text multiaddrs of a contact, skipping what this transport cannot represent. */
  static List<String> readable(KadContact c) {
    List<String> out = new ArrayList<>();
    for (byte[] a : c.addrs()) {
      try {
        out.add(Multiaddr.fromBytes(a).toString());
      } catch (ProtocolViolationException | IllegalArgumentException unsupported) {
        LOG.log(Level.TRACE, "skipping an address of {0}: {1}", c.id(), unsupported.getMessage());
      }
    }
    return out;
  }

  private static void checkKey(byte[] key) {
    if (key.length == 0 || key.length > KadProtocol.MAX_KEY) {
      throw new IllegalArgumentException("a DHT key has 1 to " + KadProtocol.MAX_KEY + " bytes");
    }
  }
}
