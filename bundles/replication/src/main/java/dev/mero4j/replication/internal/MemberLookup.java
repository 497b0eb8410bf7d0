package dev.mero4j.replication.internal;

import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The joiner's way to members other than its inviter: looks up who announced the context's
 * rendezvous key of this epoch and of the previous one ({@link Rendezvous}) in the DHT, with the
 * secret the invitation carries, and lists them, this epoch's first.
 */
final class MemberLookup {
  /**
   * Most members found in the DHT that one join (or application fetch) dials in turn: each costs a
   * dial and a session of up to two request timeouts, and a handful of members is enough when one
   * answering settles the join, while a DHT stuffed with fake announcers cannot keep a joiner busy.
   */
  static final int MAX_FOUND_MEMBERS = 8;

  private static final System.Logger LOG = System.getLogger(MemberLookup.class.getName());

  private final Optional<PeerRouting> routing;
  private final Clock clock;
  private final Duration timeout;

  MemberLookup(Optional<PeerRouting> routing, Clock clock, Duration timeout) {
    this.routing = routing;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Up to {@link #MAX_FOUND_MEMBERS} announcers of the rendezvous keys of {@code secret}, without
   * those in {@code skip}; why none was found goes to {@code failures}.
   */
  List<PeerAddresses> find(byte[] secret, Set<PeerId> skip, List<String> failures) {
    if (routing.isEmpty()) {
      failures.add("no DHT on this node to look other members up in");
      return List.of();
    }
    long epoch = clock.millis() / Rendezvous.EPOCH.toMillis();
    List<CompletableFuture<List<PeerAddresses>>> lookups = new ArrayList<>();
    for (long e : new long[] {epoch, epoch - 1}) {
      lookups.add(
          routing
              .get()
              .findProviders(Rendezvous.key(secret, e), Rendezvous.MAX_PROVIDERS)
              .toCompletableFuture());
    }
    Map<PeerId, PeerAddresses> found = new LinkedHashMap<>();
    for (CompletableFuture<List<PeerAddresses>> lookup : lookups) {
      for (PeerAddresses member : await(lookup, failures)) {
        if (!skip.contains(member.peer()) && found.size() < MAX_FOUND_MEMBERS) {
          found.putIfAbsent(member.peer(), member);
        }
      }
    }
    if (found.isEmpty()) {
      failures.add("the DHT named no other member under the invitation's rendezvous keys");
    }
    return List.copyOf(found.values());
  }

  private List<PeerAddresses> await(
      CompletableFuture<List<PeerAddresses>> lookup, List<String> failures) {
    try {
      return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.log(System.Logger.Level.INFO, "looking members up in the DHT failed: {0}", cause);
      failures.add("looking members up in the DHT failed: " + cause);
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinUnavailableException("interrupted while looking members up in the DHT", e);
    }
  }
}
