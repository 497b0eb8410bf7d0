package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.JoinAttempt;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.PeerRoute;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The network side of invitations: dials the inviter at the addresses its invitation names, fetches
 * the application from it (then other connected peers, {@link AppFetch}) and carries the join over
 * {@code /mero4j/sync/1} to it and then the other connected peers, one session each ({@link
 * JoinSessions}); the first that proves membership and answers for its session (accepting or
 * refusing) decides. The hello names the context by a session tag ({@link JoinTags}), so a peer
 * that does not hold the context learns nothing of it and resets the stream.
 */
public final class JoinClient implements ContextJoiner {
  private static final System.Logger LOG = System.getLogger(JoinClient.class.getName());

  private final Transport transport;
  private final SyncRequests requests;
  private final AppFetch apps;
  private final Duration timeout;
  private final SecureRandom random;
  private final JoinSessions sessions;

  /** Inviters dialled for a join that were not connected before; removed when their join ends. */
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
    this.sessions = new JoinSessions(Optional.of(transport.localPeer().id()), clock, random);
    this.requests = new SyncRequests(transport, timeout);
    this.apps = new AppFetch(transport, transfer, timeout);
    this.timeout = timeout;
  }

  /** The join sessions this node serves as a member (see {@link SyncServer#servingJoins}). */
  public JoinSessions sessions() {
    return sessions;
  }

  /**
   * Asks the inviter, then every other connected peer, one session each: a peer that does not prove
   * membership for the session gets nothing more, and an answer not signed for the session is
   * ignored; the first authenticated answer (acceptance or refusal) settles the join.
   */
  @Override
  public void requestJoin(JoinAttempt attempt, PeerRoute inviter) {
    List<String> failures = new ArrayList<>();
    List<PeerId> peers = inviterFirst(inviter, failures);
    if (peers.isEmpty()) {
      throw new JoinUnavailableException(
          "no connected peer to ask for " + attempt.context() + describe(failures));
    }
    for (PeerId peer : peers) {
      Optional<String> failure;
      try {
        failure = session(attempt, peer);
      } catch (TransportException e) {
        failure = Optional.of(e.getMessage());
      }
      if (failure.isEmpty()) {
        dialled.remove(peer);
        return;
      }
      failures.add(peer + ": " + failure.get());
      dropIfDialled(peer);
    }
    throw new JoinUnavailableException(
        "no connected member settled this node's join to "
            + attempt.context()
            + describe(failures));
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
    List<String> failures = new ArrayList<>();
    List<PeerId> peers = inviterFirst(inviter, failures);
    try {
      return apps.fetch(application, size, maxBytes, peers);
    } catch (JoinUnavailableException e) {
      if (inviter.known()) {
        dropIfDialled(new PeerId(inviter.peer()));
      }
      throw new JoinUnavailableException(e.getMessage() + describe(failures), e);
    }
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
      boolean connected = transport.connectedPeers().contains(peer);
      try {
        transport
            .connect(peer, inviter.addresses())
            .toCompletableFuture()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!connected) {
          dialled.add(peer);
        }
        peers.add(peer);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        LOG.log(System.Logger.Level.INFO, "could not reach the inviter {0}: {1}", peer, cause);
        failures.add("the inviter " + peer + " is unreachable: " + cause.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JoinUnavailableException("interrupted while dialling the inviter", e);
      }
    }
    peers.addAll(transport.connectedPeers());
    return List.copyOf(peers);
  }

  /**
   * Disconnects {@code peer} when this node dialled it only as the inviter of a join and its
   * session settled nothing, so a peer at a rewritten address does not see the topic the joiner
   * subscribes to once admitted.
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
