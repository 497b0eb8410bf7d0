package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.Transport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Members of a context find each other without a server: each announces itself in the DHT under a
 * key only members can compute, rotating every hour, and a member with no connected peer in the
 * context looks the key up (less and less often while it stays alone) and dials whoever announced
 * it. The DHT sees only the keys, never the context id (docs/wire-format.md, "Rendezvous"):
 *
 * <pre>
 *   key(epoch) = HMAC-SHA256(rendezvous secret, "mero4j/rendezvous/1" ‖ u64 epoch), epoch = hours since 1970
 * </pre>
 */
public final class Rendezvous {
  /** How long one rendezvous key is announced. */
  public static final Duration EPOCH = Duration.ofHours(1);

  /** Most announcers looked up per key. */
  static final int MAX_PROVIDERS = 20;

  private static final System.Logger LOG = System.getLogger(Rendezvous.class.getName());
  private static final byte[] DOMAIN = "mero4j/rendezvous/1".getBytes(StandardCharsets.UTF_8);

  private final Transport transport;
  private final Optional<PeerRouting> routing;
  private final ReplicaDirectory replicas;
  private final Clock clock;
  private final LookupBackoff backoff;
  private final Map<ContextId, Announcement> announced = new ConcurrentHashMap<>();

  public Rendezvous(
      Transport transport, Optional<PeerRouting> routing, ReplicaDirectory replicas, Clock clock) {
    this(transport, routing, replicas, clock, new SecureRandom());
  }

  /** With the randomness of the look-up back-off injected. */
  public Rendezvous(
      Transport transport,
      Optional<PeerRouting> routing,
      ReplicaDirectory replicas,
      Clock clock,
      RandomGenerator random) {
    this.transport = transport;
    this.routing = routing;
    this.replicas = replicas;
    this.clock = clock;
    this.backoff = new LookupBackoff(clock, random);
  }

  /** The rendezvous key of a context secret in {@code epoch}. */
  public static byte[] key(byte[] secret, long epoch) {
    return Hash.hmacSha256(secret, DOMAIN, new BinaryWriter(8).fixed64(epoch).toByteArray())
        .toBytes();
  }

  long epoch() {
    return clock.millis() / EPOCH.toMillis();
  }

  /**
   * One round: announces each of {@code contexts} under this epoch's key (once per epoch, again
   * after a failed announcement) and looks up those {@code lonely} says have no connected member,
   * backing off while they stay alone ({@link LookupBackoff}). Nothing without a DHT.
   */
  public void run(Set<ContextId> contexts, Predicate<ContextId> lonely) {
    if (routing.isEmpty()) {
      return;
    }
    PeerRouting dht = routing.get();
    backoff.observe(transport.connectedPeers().size());
    long epoch = epoch();
    for (ContextId context : contexts) {
      byte[] secret;
      try {
        secret = replicas.rendezvousSecret(context);
      } catch (UnknownContextException e) {
        LOG.log(System.Logger.Level.DEBUG, "context {0} went away: {1}", context, e.getMessage());
        continue;
      }
      byte[] key = key(secret, epoch);
      announcement(dht, context, key).announceUnlessDone(dht, context);
      if (!lonely.test(context)) {
        backoff.settled(context);
      } else if (backoff.due(context, key)) {
        lookUp(dht, context, key(secret, epoch - 1));
        lookUp(dht, context, key);
      }
    }
    for (ContextId gone : Set.copyOf(announced.keySet())) {
      if (!contexts.contains(gone)) {
        dht.stopProviding(announced.remove(gone).key);
        backoff.forget(gone);
      }
    }
  }

  /** This epoch's announcement of {@code context}; a new key ends the previous one. */
  private Announcement announcement(PeerRouting dht, ContextId context, byte[] key) {
    Announcement current = announced.get(context);
    if (current != null && Arrays.equals(current.key, key)) {
      return current;
    }
    if (current != null) {
      dht.stopProviding(current.key);
    }
    Announcement fresh = new Announcement(key);
    announced.put(context, fresh);
    return fresh;
  }

  private void lookUp(PeerRouting dht, ContextId context, byte[] key) {
    dht.findProviders(key, MAX_PROVIDERS)
        .thenAccept(found -> found.forEach(this::dial))
        .whenComplete((ok, e) -> logFailure("looking up members of", context, e));
  }

  private void dial(PeerAddresses member) {
    PeerId self = transport.localPeer().id();
    if (member.peer().equals(self) || transport.connectedPeers().contains(member.peer())) {
      return;
    }
    List<String> addresses = member.addresses();
    transport
        .connect(member.peer(), addresses)
        .whenComplete(
            (peer, e) -> {
              if (e != null) {
                LOG.log(
                    System.Logger.Level.INFO,
                    "a member announced at {0} did not answer: {1}",
                    addresses,
                    e.getMessage());
              }
            });
  }

  /** Stops announcing every context. */
  public void close() {
    routing.ifPresent(dht -> announced.values().forEach(a -> dht.stopProviding(a.key)));
    announced.clear();
  }

  /**
   * One key announced for one context: sent once it reached the DHT, sent again at the next round
   * after a failure (a node that starts before its DHT peers are reachable announces as soon as
   * they are, not an epoch later), never twice at once.
   */
  private static final class Announcement {
    final byte[] key;
    private final AtomicReference<State> state = new AtomicReference<>(State.DUE);

    private enum State {
      DUE,
      SENDING,
      DONE
    }

    Announcement(byte[] key) {
      this.key = key;
    }

    void announceUnlessDone(PeerRouting dht, ContextId context) {
      if (!state.compareAndSet(State.DUE, State.SENDING)) {
        return;
      }
      CompletionStage<Void> sent;
      try {
        sent = dht.provide(key);
      } catch (RuntimeException e) {
        state.set(State.DUE);
        throw e;
      }
      sent.whenComplete(
          (ok, e) -> {
            state.set(e == null ? State.DONE : State.DUE);
            logFailure("announcing", context, e);
          });
    }
  }

  private static void logFailure(String what, ContextId context, Throwable e) {
    if (e != null) {
      LOG.log(System.Logger.Level.INFO, "{0} {1} in the DHT failed: {2}", what, context, e);
    }
  }
}
