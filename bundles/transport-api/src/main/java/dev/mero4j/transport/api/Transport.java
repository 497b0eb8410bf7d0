package dev.mero4j.transport.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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

  @Override
  void close();

  /** This node as other peers see it. */
  record PeerInfo(PeerId id, List<String> listenAddresses) {
    public PeerInfo {
      listenAddresses = List.copyOf(listenAddresses);
    }
  }
}
