package dev.mero4j.simulator;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerListener;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.Subscription;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.api.UnsupportedProtocolException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One node's endpoint on a {@link SimulatedNetwork}.
 *
 * <p>Topic messages are delivered as scheduled tasks. A request completes <em>before</em> {@code
 * request} returns: the responder's handler runs inline and virtual time advances by the two legs'
 * latency, or by the whole timeout when a leg is lost. This is what a worker thread blocked in
 * {@code get()} observes, and it lets the unmodified, blocking {@code CatchUp} run on the
 * simulator's single thread.
 */
public final class SimulatedTransport implements Transport {
  /** Messages kept per topic while no peer has joined it, as the loopback transport does. */
  static final int MAX_QUEUED_PER_TOPIC = 1024;

  private final SimulatedNetwork network;
  private final PeerId id;
  private final Map<String, List<MessageHandler>> handlers = new LinkedHashMap<>();
  private final Map<String, Deque<byte[]>> queued = new LinkedHashMap<>();
  private final Map<String, RequestHandler> services = new LinkedHashMap<>();
  private final List<PeerListener> listeners = new ArrayList<>();
  private boolean closed;

  SimulatedTransport(SimulatedNetwork network, PeerId id) {
    this.network = network;
    this.id = id;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public PeerInfo localPeer() {
    return new PeerInfo(id, List.of("/sim/" + id));
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    ensureOpen();
    handlers.computeIfAbsent(topic, t -> new ArrayList<>()).add(handler);
    for (PeerId peer : network.peersOf(id)) {
      network.node(peer).flushQueued(topic, id);
    }
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void close() {
        List<MessageHandler> list = handlers.get(topic);
        if (list != null && list.remove(handler) && list.isEmpty()) {
          handlers.remove(topic);
        }
      }
    };
  }

  boolean subscribed(String topic) {
    return !closed && handlers.containsKey(topic);
  }

  @Override
  public PublishResult publish(String topic, byte[] payload) {
    ensureOpen();
    Set<PeerId> targets = topicPeers(topic);
    if (targets.isEmpty()) {
      Deque<byte[]> queue = queued.computeIfAbsent(topic, t -> new ArrayDeque<>());
      if (queue.size() >= MAX_QUEUED_PER_TOPIC) {
        return new PublishResult(0, false);
      }
      queue.add(payload.clone());
      return new PublishResult(0, true);
    }
    for (PeerId peer : targets) {
      send(topic, peer, payload.clone());
    }
    return new PublishResult(targets.size(), false);
  }

  private void send(String topic, PeerId to, byte[] payload) {
    for (long delay : network.fate(id, to)) {
      network.deliver(
          id, to, delay, () -> network.node(to).receive(new Message(topic, id, payload.clone())));
    }
  }

  private void receive(Message message) {
    if (closed) {
      return;
    }
    for (MessageHandler handler : List.copyOf(handlers.getOrDefault(message.topic(), List.of()))) {
      handler.onMessage(message);
    }
  }

  /** Sends what waited for a subscriber of {@code topic} to {@code peer}, which just joined it. */
  void flushQueued(String topic, PeerId peer) {
    Deque<byte[]> queue = queued.remove(topic);
    if (queue != null) {
      queue.forEach(payload -> send(topic, peer, payload));
    }
  }

  @Override
  public Set<PeerId> topicPeers(String topic) {
    Set<PeerId> out = new LinkedHashSet<>();
    for (PeerId peer : network.peersOf(id)) {
      if (network.node(peer).subscribed(topic)) {
        out.add(peer);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public void serve(String protocol, RequestHandler handler) {
    ensureOpen();
    services.put(protocol, handler);
  }

  @Override
  public CompletionStage<byte[]> request(
      PeerId peer, String protocol, byte[] request, Duration timeout) {
    ensureOpen();
    if (!network.connected(id, peer)) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("not connected to " + peer));
    }
    VirtualScheduler clock = network.scheduler();
    List<Long> there = network.fate(id, peer);
    if (there.isEmpty()) {
      clock.advance(timeout);
      return CompletableFuture.failedFuture(
          new RequestTimeoutException(protocol + " to " + peer + " timed out"));
    }
    clock.advance(Duration.ofNanos(there.get(0)));
    RequestHandler handler = network.node(peer).services.get(protocol);
    if (handler == null) {
      return CompletableFuture.failedFuture(
          new UnsupportedProtocolException(peer + " does not serve " + protocol));
    }
    byte[] response;
    try {
      response = handler.handle(id, request.clone());
      if (there.size() > 1) {
        handler.handle(id, request.clone());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new TransportException("handler failed: " + e.getClass().getSimpleName(), e));
    }
    List<Long> back = network.fate(peer, id);
    if (back.isEmpty()) {
      clock.advance(
          timeout.minusNanos(there.get(0)).isNegative()
              ? Duration.ZERO
              : timeout.minusNanos(there.get(0)));
      return CompletableFuture.failedFuture(
          new RequestTimeoutException(protocol + " to " + peer + " timed out"));
    }
    clock.advance(Duration.ofNanos(back.get(0)));
    return CompletableFuture.completedFuture(response.clone());
  }

  @Override
  public CompletionStage<PeerId> dial(String address) {
    ensureOpen();
    PeerId peer = new PeerId(address.substring(address.lastIndexOf('/') + 1));
    return network.connected(id, peer)
        ? CompletableFuture.completedFuture(peer)
        : CompletableFuture.failedFuture(new PeerUnreachableException("cannot reach " + address));
  }

  @Override
  public Set<PeerId> connectedPeers() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(network.peersOf(id)));
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    listeners.add(listener);
  }

  void connected(PeerId peer) {
    if (closed) {
      return;
    }
    List.copyOf(listeners).forEach(l -> l.connected(peer));
    for (String topic : List.copyOf(queued.keySet())) {
      if (network.node(peer).subscribed(topic)) {
        flushQueued(topic, peer);
      }
    }
  }

  void disconnected(PeerId peer) {
    if (!closed) {
      List.copyOf(listeners).forEach(l -> l.disconnected(peer));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    network.setOnline(id, false);
    closed = true;
    handlers.clear();
    services.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportClosedException("transport " + id + " is closed");
    }
  }
}
