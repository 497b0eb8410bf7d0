package dev.mero4j.node.internal.swap;

import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerListener;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.Subscription;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The transport that replication holds: forwards to the transport that is active and remembers what
 * was registered on it (topic subscriptions, validators, served protocols, peer listeners, DHT
 * announcements), so a new transport can take over with the same registrations. While a swap runs
 * the node has no transport: requests fail at once, published gossip is held (bounded) and sent on
 * the new transport.
 */
public final class SwappableTransport implements Transport {
  /** Gossip messages held while no transport is attached; older ones are dropped beyond it. */
  static final int MAX_HELD = 10_000;

  private final Map<String, RequestHandler> served = new LinkedHashMap<>();
  private final Map<String, TopicValidator> validators = new LinkedHashMap<>();
  private final List<Topic> topics = new ArrayList<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final Deque<Held> held = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final TransportRouting routing;
  private volatile Transport current;
  private volatile PeerInfo lastPeer;
  private volatile boolean paused;
  private long dropped;

  public SwappableTransport(Transport first) {
    this.routing = first.routing().isPresent() ? new TransportRouting(this::current) : null;
    attach(first);
  }

  /** The transport in use, or null while a swap has closed one and not yet opened the next. */
  public Transport current() {
    return current;
  }

  /** Refuses new requests and holds gossip until {@link #attach}. */
  void pause() {
    paused = true;
  }

  /** Requests sent through this transport that have not completed. */
  int inFlight() {
    return inFlight.get();
  }

  /** Waits until no request is in flight or {@code limit} passed; returns those still running. */
  int awaitIdle(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    return inFlight.get();
  }

  /** Takes the active transport out (the caller closes it); the node has none until attach. */
  synchronized Transport detach() {
    paused = true;
    Transport old = current;
    current = null;
    return old;
  }

  /**
   * Makes {@code next} the active transport: registers on it everything registered so far, then
   * sends the gossip held meanwhile.
   */
  synchronized void attach(Transport next) {
    next.addPeerListener(new Forward(next));
    served.forEach(next::serve);
    validators.forEach(next::validator);
    for (Topic topic : topics) {
      topic.open(next);
    }
    current = next;
    lastPeer = next.localPeer();
    if (routing != null) {
      routing.reannounce();
    }
    paused = false;
    while (!held.isEmpty()) {
      Held h = held.poll();
      next.publish(h.topic, h.payload);
    }
  }

  /** Gossip messages dropped because too many were held during swaps. */
  synchronized long droppedGossip() {
    return dropped;
  }

  @Override
  public PeerInfo localPeer() {
    Transport t = current;
    return t == null ? lastPeer : t.localPeer();
  }

  @Override
  public synchronized Subscription subscribe(String topic, MessageHandler handler) {
    Topic subscription = new Topic(topic, handler);
    if (current != null) {
      subscription.open(current);
    }
    topics.add(subscription);
    return subscription;
  }

  @Override
  public PublishResult publish(String topic, byte[] payload) {
    Transport t = current;
    if (!paused && t != null) {
      try {
        return t.publish(topic, payload);
      } catch (TransportException e) {
        // closed by a swap between the check and the call: held like the others
      }
    }
    return hold(topic, payload);
  }

  private synchronized PublishResult hold(String topic, byte[] payload) {
    Transport t = current;
    if (!paused && t != null) {
      return t.publish(topic, payload);
    }
    if (held.size() == MAX_HELD) {
      held.poll();
      dropped++;
    }
    held.add(new Held(topic, payload));
    return new PublishResult(0, true);
  }

  @Override
  public synchronized void serve(String protocol, RequestHandler handler) {
    served.put(protocol, handler);
    if (current != null) {
      current.serve(protocol, handler);
    }
  }

  @Override
  public synchronized void validator(String topic, TopicValidator validator) {
    validators.put(topic, validator);
    if (current != null) {
      current.validator(topic, validator);
    }
  }

  @Override
  public CompletionStage<byte[]> request(
      PeerId peer, String protocol, byte[] request, Duration timeout) {
    return tracked(t -> t.request(peer, protocol, request, timeout));
  }

  @Override
  public CompletionStage<PeerId> dial(String address) {
    return tracked(t -> t.dial(address));
  }

  @Override
  public CompletionStage<PeerId> connect(PeerId peer, List<String> addresses) {
    return tracked(t -> t.connect(peer, addresses));
  }

  private <T> CompletionStage<T> tracked(
      java.util.function.Function<Transport, CompletionStage<T>> call) {
    Transport t = current;
    if (paused || t == null) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("the node's transport is being swapped"));
    }
    inFlight.incrementAndGet();
    try {
      return call.apply(t).whenComplete((r, e) -> inFlight.decrementAndGet());
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  @Override
  public Set<PeerId> connectedPeers() {
    return or(Transport::connectedPeers, Set::of);
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    listeners.add(listener);
  }

  @Override
  public Set<PeerId> topicPeers(String topic) {
    return or(t -> t.topicPeers(topic), Set::of);
  }

  @Override
  public boolean penalize(PeerId peer, String reason) {
    return or(t -> t.penalize(peer, reason), () -> false);
  }

  @Override
  public Optional<InetAddress> remoteAddress(PeerId peer) {
    return or(t -> t.remoteAddress(peer), Optional::empty);
  }

  @Override
  public void disconnect(PeerId peer) {
    Transport t = current;
    if (t != null) {
      t.disconnect(peer);
    }
  }

  @Override
  public NetworkStatus networkStatus() {
    return or(
        Transport::networkStatus,
        () ->
            new NetworkStatus(
                NetworkStatus.Reachability.UNKNOWN, List.of(), List.of(), List.of(), 0, List.of()));
  }

  @Override
  public Optional<String> agentVersion(PeerId peer) {
    return or(t -> t.agentVersion(peer), Optional::empty);
  }

  /** A routing that follows the active transport's DHT, when the first transport ran one. */
  @Override
  public Optional<PeerRouting> routing() {
    return Optional.ofNullable(routing);
  }

  @Override
  public synchronized void close() {
    Transport t = detach();
    if (t != null) {
      t.close();
    }
  }

  private <T> T or(java.util.function.Function<Transport, T> call, Supplier<T> none) {
    Transport t = current;
    return t == null ? none.get() : call.apply(t);
  }

  /** One subscription as replication holds it; re-opened on every new transport. */
  private final class Topic implements Subscription {
    private final String topic;
    private final MessageHandler handler;
    private Subscription open;
    private boolean closed;

    Topic(String topic, MessageHandler handler) {
      this.topic = topic;
      this.handler = handler;
    }

    void open(Transport transport) {
      open = transport.subscribe(topic, handler);
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void close() {
      synchronized (SwappableTransport.this) {
        if (closed) {
          return;
        }
        closed = true;
        topics.remove(this);
        if (open != null && current != null) {
          try {
            open.close();
          } catch (TransportException e) {
            // opened on a transport a swap has closed since: nothing left to leave
          }
        }
      }
    }
  }

  /** Passes on the peer events of one transport while it is the active one. */
  private final class Forward implements PeerListener {
    private final Transport source;

    Forward(Transport source) {
      this.source = source;
    }

    @Override
    public void connected(PeerId peer) {
      if (current == source) {
        listeners.forEach(l -> l.connected(peer));
      }
    }

    @Override
    public void disconnected(PeerId peer) {
      if (current == source) {
        listeners.forEach(l -> l.disconnected(peer));
      }
    }
  }

  private record Held(String topic, byte[] payload) {}
}
