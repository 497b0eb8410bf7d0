package dev.mero4j.transport.api;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A running network endpoint of one node. Thread-safe. */
public interface Transport extends AutoCloseable {
  /** This node's peer id and the addresses it actually listens on. */
  PeerInfo localPeer();

  /** Joins {@code topic}; messages from other peers reach {@code handler} until closed. */
  Subscription subscribe(String topic, MessageHandler handler);

  /** Publishes to every peer on {@code topic}; queued when no peer has joined it yet. */
  PublishResult publish(String topic, byte[] payload);

  /** Serves requests on {@code protocol} (a versioned id such as {@code /mero4j/sync/1}). */
  void serve(String protocol, RequestHandler handler);

  /** Sends one request and completes with the response or a {@link TransportException}. */
  CompletionStage<byte[]> request(PeerId peer, String protocol, byte[] request, Duration timeout);

  /** Dials a peer at a multiaddr. */
  CompletionStage<PeerId> dial(String address);

  /** Peers with an open connection now. */
  Set<PeerId> connectedPeers();

  /** Registers a listener for connects and disconnects. */
  void addPeerListener(PeerListener listener);

  /**
   * Installs the validator of {@code topic} (replacing any previous one): received messages it does
   * not accept are neither delivered nor passed on. Own messages are not validated.
   */
  default void validator(String topic, TopicValidator validator) {
    throw new UnsupportedOperationException("topic validators are not supported by this transport");
  }

  /** Connected peers known to have joined {@code topic}; a publish now would reach them. */
  default Set<PeerId> topicPeers(String topic) {
    throw new UnsupportedOperationException("topicPeers is not supported by this transport");
  }

  /**
   * Reports that {@code peer} sent data that cannot be valid (junk, a stalled or lying exchange): a
   * transport with peer scores lowers the peer's score, one that has none ignores the report.
   *
   * @return whether the transport keeps scores, so the report counted
   */
  default boolean penalize(PeerId peer, String reason) {
    return false;
  }

  /**
   * The IP address of the open connection to {@code peer} (through a relay, the relay's), so limits
   * can count per remote host; empty when none is open or the transport does not run over IP.
   */
  default Optional<InetAddress> remoteAddress(PeerId peer) {
    return Optional.empty();
  }

  /** Closes every connection to {@code peer}; a no-op when none is open. */
  default void disconnect(PeerId peer) {
    throw new UnsupportedOperationException("disconnect is not supported by this transport");
  }

  /**
   * Connects to {@code peer} through the first of {@code addresses} that answers (each a multiaddr
   * with or without {@code /p2p/}); completes with the peer when connected or already connected.
   */
  default CompletionStage<PeerId> connect(PeerId peer, List<String> addresses) {
    if (connectedPeers().contains(peer)) {
      return CompletableFuture.completedFuture(peer);
    }
    CompletionStage<PeerId> attempt =
        CompletableFuture.failedFuture(new PeerUnreachableException("no address to dial " + peer));
    for (String address : addresses) {
      String full = address.contains("/p2p/") ? address : address + "/p2p/" + peer.value();
      attempt = attempt.exceptionallyCompose(e -> dial(full));
    }
    return attempt;
  }

  /** Where this node stands in the network; the default knows only listen addresses and peers. */
  default NetworkStatus networkStatus() {
    return new NetworkStatus(
        NetworkStatus.Reachability.UNKNOWN,
        localPeer().listenAddresses(),
        List.of(),
        List.of(),
        0,
        connectedPeers().stream()
            .map(p -> new NetworkStatus.ConnectionInfo(p, "", false, false))
            .toList());
  }

  /** The agent version {@code peer} announced (libp2p identify), when known. */
  default Optional<String> agentVersion(PeerId peer) {
    return Optional.empty();
  }

  /** The DHT, when this transport runs one. */
  default Optional<PeerRouting> routing() {
    return java.util.Optional.empty();
  }

  @Override
  void close();

  /** This node as other peers see it. */
  record PeerInfo(PeerId id, List<String> listenAddresses) {
    public PeerInfo {
      listenAddresses = List.copyOf(listenAddresses);
    }
  }
}
