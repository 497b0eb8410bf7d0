package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.JoinAttempt;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.PeerRoute;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The network side of invitations: dials the inviter at the addresses its invitation names, then
 * asks it and the other connected peers, then the members it finds in the DHT under the
 * invitation's rendezvous keys ({@link MemberLookup}), one after another: for the application
 * ({@link AppFetch}, verified against its hash) and for the join over {@code /mero4j/sync/1}, one
 * session each ({@link JoinSessions}); the first that proves membership and answers for its session
 * (accepting or refusing) decides. The hello names the context by a session tag ({@link JoinTags}),
 * so a peer that does not hold the context learns nothing of it and resets the stream.
 */
public final class JoinClient implements ContextJoiner {
  /**
   * How long one join (or application fetch) keeps trying members found in the DHT once the inviter
   * and the connected peers failed: a join is a command a person waits for, and a minute covers a
   * few unreachable announcers at the request timeout before a reachable one.
   */
  static final Duration FALLBACK_DEADLINE = Duration.ofSeconds(60);

  private static final System.Logger LOG = System.getLogger(JoinClient.class.getName());

  private final Transport transport;
  private final SyncRequests requests;
  private final AppFetch apps;
  private final MemberLookup lookup;
  private final Duration timeout;
  private final Clock clock;
  private final SecureRandom random;
  private final JoinSessions sessions;

  /** Peers dialled for a join that were not connected before; removed when their join ends. */
  private final Set<PeerId> dialled = ConcurrentHashMap.newKeySet();

  public JoinClient(
      Transport transport, ApplicationTransfer transfer, Duration timeout, Clock clock) {
    this(transport, transfer, timeout, clock, new SecureRandom());
  }

  /** With the randomness of nonces and session keys injected. */
  public JoinClient(
      Transport transport,
      ApplicationTransfer transfer,
      Duration timeout,
      Clock clock,
      SecureRandom random) {
    this.transport = transport;
    this.random = random;
    this.clock = clock;
    this.sessions = new JoinSessions(Optional.of(transport.localPeer().id()), clock, random);
    this.requests = new SyncRequests(transport, timeout);
    this.apps = new AppFetch(transport, transfer, timeout);
    this.lookup = new MemberLookup(transport.routing(), clock, timeout);
    this.timeout = timeout;
  }

  /** The join sessions this node serves as a member (see {@link SyncServer#servingJoins}). */
  public JoinSessions sessions() {
    return sessions;
  }

  /**
   * Asks the inviter, every other connected peer, then members found in the DHT, one session each:
   * a peer that does not prove membership for the session gets nothing more, and an answer not
   * signed for the session is ignored; the first authenticated answer (acceptance or refusal)
   * settles the join.
   */
  @Override
  public void requestJoin(JoinAttempt attempt, PeerRoute inviter) {
    PeerId settledBy =
        inTurn(
            inviter,
            attempt.rendezvous(),
            (peer, failures) -> {
              Optional<String> failure;
              try {
                failure = session(attempt, peer);
              } catch (TransportException e) {
                failure = Optional.of(e.getMessage());
              }
              failure.ifPresent(why -> failures.add(peer + ": " + why));
              return failure.isEmpty() ? Optional.of(peer) : Optional.empty();
            },
            why ->
                new JoinUnavailableException(
                    "no member settled this node's join to " + attempt.context() + why));
    dialled.remove(settledBy);
  }

  /** One join session with {@code peer}: empty when it settled the attempt, else why not. */
  private Optional<String> session(JoinAttempt attempt, PeerId peer) {
    ContextId context = attempt.context();
    byte[] nonce = new byte[JoinSessions.JOINER_NONCE_BYTES];
    random.nextBytes(nonce);
    PeerId self = transport.localPeer().id();
    byte[] tag = JoinTags.tag(attempt.rendezvous(), self, peer, nonce);
    SyncFrame.JoinChallenge challenge =
        requests.ask(peer, new SyncFrame.JoinHello(tag, nonce), SyncFrame.JoinChallenge.class);
    byte[] session = JoinSessions.transcript(context, self, peer, nonce, challenge.nonce());
    Optional<byte[]> request = attempt.request(session, challenge.proof());
    if (request.isEmpty()) {
      return Optional.of("did not prove membership of " + context);
    }
    byte[] answer =
        requests
            .ask(
                peer,
                new SyncFrame.JoinRequest(context, nonce, challenge.nonce(), request.get()),
                SyncFrame.JoinResponse.class)
            .response();
    return attempt.settles(session, challenge.proof(), answer)
        ? Optional.empty()
        : Optional.of("answered without a signature for the session");
  }

  @Override
  public byte[] fetchApplication(
      ApplicationId application, long size, long maxBytes, PeerRoute inviter) {
    return fetchApplication(application, size, maxBytes, inviter, new byte[0]);
  }

  /**
   * The module from the inviter, the connected peers, then (with a rendezvous secret) members found
   * in the DHT: a peer whose bytes do not hash to the id is dropped and the next one asked.
   */
  @Override
  public byte[] fetchApplication(
      ApplicationId application, long size, long maxBytes, PeerRoute inviter, byte[] rendezvous) {
    AppFetch.checkSize(application, size, maxBytes);
    return inTurn(
        inviter,
        rendezvous,
        (peer, failures) -> {
          try {
            return Optional.of(apps.fetch(application, size, maxBytes, List.of(peer)));
          } catch (JoinUnavailableException e) {
            failures.add(e.getMessage());
            return Optional.empty();
          }
        },
        why -> new JoinUnavailableException("no peer served application " + application + why));
  }

  /** One try of a join step with one peer: the result, or empty with why not in the failures. */
  @FunctionalInterface
  private interface Step<T> {
    Optional<T> on(PeerId peer, List<String> failures);
  }

  /**
   * The first result of {@code step} from the inviter, the connected peers, then up to {@link
   * MemberLookup#MAX_FOUND_MEMBERS} members found under the rendezvous keys of {@code rendezvous}
   * (none when it is empty) within {@link #FALLBACK_DEADLINE}; a peer dialled for it that gave
   * nothing is disconnected again. When all fail, {@code none} gets the list of what was tried.
   */
  private <T> T inTurn(
      PeerRoute inviter,
      byte[] rendezvous,
      Step<T> step,
      Function<String, JoinUnavailableException> none) {
    List<String> failures = new ArrayList<>();
    Set<PeerId> tried = new HashSet<>();
    for (PeerId peer : inviterFirst(inviter, failures)) {
      tried.add(peer);
      Optional<T> done = step.on(peer, failures);
      if (done.isPresent()) {
        return done.get();
      }
      dropIfDialled(peer);
    }
    if (rendezvous.length == 0) {
      throw none.apply(describe(failures.isEmpty() ? List.of("no peer to ask") : failures));
    }
    Instant deadline = clock.instant().plus(FALLBACK_DEADLINE);
    for (PeerAddresses member : lookup.find(rendezvous, tried, failures)) {
      if (!clock.instant().isBefore(deadline)) {
        failures.add("stopped after " + FALLBACK_DEADLINE + " before " + member.peer());
        break;
      }
      if (!connect(member.peer(), member.addresses(), "the member found in the DHT", failures)) {
        continue;
      }
      Optional<T> done = step.on(member.peer(), failures);
      if (done.isPresent()) {
        return done.get();
      }
      dropIfDialled(member.peer());
    }
    throw none.apply(describe(failures));
  }

  /** This node's peer id with its listen addresses, then its relayed ones, each with /p2p/. */
  @Override
  public PeerRoute localRoute() {
    PeerId self = transport.localPeer().id();
    NetworkStatus status = transport.networkStatus();
    Set<String> addresses = new LinkedHashSet<>();
    for (String address : status.listenAddresses()) {
      addresses.add(dialable(address, self));
    }
    for (String address : status.relayAddresses()) {
      addresses.add(dialable(address, self));
    }
    return new PeerRoute(self.value(), addresses.stream().filter(a -> a.startsWith("/")).toList());
  }

  private static String dialable(String address, PeerId self) {
    return address.endsWith("/p2p/" + self.value()) ? address : address + "/p2p/" + self.value();
  }

  /** Connects to the inviter when named, then lists it first and the other connected peers. */
  private List<PeerId> inviterFirst(PeerRoute inviter, List<String> failures) {
    Set<PeerId> peers = new LinkedHashSet<>();
    if (inviter.known() && !inviter.peer().equals(transport.localPeer().id().value())) {
      PeerId peer = new PeerId(inviter.peer());
      if (connect(peer, inviter.addresses(), "the inviter", failures)) {
        peers.add(peer);
      }
    }
    peers.addAll(transport.connectedPeers());
    return List.copyOf(peers);
  }

  /** Connects to {@code peer} (noting it as dialled when it was not connected); false if not. */
  private boolean connect(PeerId peer, List<String> addresses, String who, List<String> failures) {
    boolean connected = transport.connectedPeers().contains(peer);
    try {
      transport
          .connect(peer, addresses)
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!connected) {
        dialled.add(peer);
      }
      return true;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.log(System.Logger.Level.INFO, "could not reach {0} {1}: {2}", who, peer, cause);
      failures.add(who + " " + peer + " is unreachable at " + addresses + ": " + cause);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinUnavailableException("interrupted while dialling " + who, e);
    }
  }

  /**
   * Disconnects {@code peer} when this node dialled it only for a join and its session settled
   * nothing, so a peer at a rewritten address does not see the topic the joiner subscribes to once
   * admitted.
   */
  private void dropIfDialled(PeerId peer) {
    if (!dialled.remove(peer)) {
      return;
    }
    try {
      transport.disconnect(peer);
    } catch (UnsupportedOperationException | TransportException e) {
      LOG.log(System.Logger.Level.INFO, "could not disconnect from {0}: {1}", peer, e.toString());
    }
  }

  private static String describe(List<String> failures) {
    return failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")";
  }
}
