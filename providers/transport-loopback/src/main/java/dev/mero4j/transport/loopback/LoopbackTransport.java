package dev.mero4j.transport.loopback;

import dev.mero4j.primitives.Base58;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerListener;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.Subscription;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Goodbye;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Joined;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Left;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Publish;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Request;
import dev.mero4j.transport.loopback.LoopbackEnvelope.Response;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One node on a {@link LoopbackNetwork}: flooding pub/sub with de-duplication and requests. */
final class LoopbackTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(LoopbackTransport.class.getName());

  /** Messages kept per topic while nobody has joined it; more are refused, never dropped. */
  static final int MAX_QUEUED_PER_TOPIC = 1024;

  /** Message ids remembered for de-duplication; bounded so a long run cannot exhaust memory. */
  static final int SEEN_CACHE_SIZE = 100_000;

  private final LoopbackNetwork network;
  private final PeerId id;
  private final String address;
  private final Map<PeerId, Link> links = new HashMap<>();
  private final Map<String, List<MessageHandler>> handlers = new HashMap<>();
  private final Map<String, Deque<byte[]>> queued = new HashMap<>();
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final LoopbackRequests requests;
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > SEEN_CACHE_SIZE;
        }
      };
  private long nextSeq;
  private volatile boolean closed;

  /** What this node knows about one connected peer. */
  private record Link(LoopbackTransport remote, Set<String> topics, boolean outbound) {}

  LoopbackTransport(LoopbackNetwork network, KeyPair identity, String address) {
    this.network = network;
    this.id = new PeerId("loop" + Base58.encode(identity.publicKey().toBytes()));
    this.address = address;
    this.requests = new LoopbackRequests(network);
  }

  PeerId id() {
    return id;
  }

  @Override
  public PeerInfo localPeer() {
    return new PeerInfo(id, List.of(address));
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportClosedException("transport " + id + " is closed");
    }
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    ensureOpen();
    boolean first;
    synchronized (this) {
      List<MessageHandler> list =
          handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
      first = list.isEmpty();
      list.add(handler);
    }
    if (first) {
      broadcastControl(new Joined(topic));
    }
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void close() {
        unsubscribe(topic, handler);
      }
    };
  }

  private void unsubscribe(String topic, MessageHandler handler) {
    boolean last;
    synchronized (this) {
      List<MessageHandler> list = handlers.get(topic);
      if (list == null || !list.remove(handler)) {
        return;
      }
      last = list.isEmpty();
      if (last) {
        handlers.remove(topic);
      }
    }
    if (last && !closed) {
      broadcastControl(new Left(topic));
    }
  }

  private void broadcastControl(LoopbackEnvelope envelope) {
    for (LoopbackTransport remote : remotes()) {
      network.control(() -> remote.receive(id, envelope));
    }
  }

  private synchronized List<LoopbackTransport> remotes() {
    return links.values().stream().map(Link::remote).toList();
  }

  @Override
  public PublishResult publish(String topic, byte[] payload) {
    ensureOpen();
    List<LoopbackTransport> targets;
    Publish message;
    synchronized (this) {
      message = new Publish(topic, id + "/" + nextSeq++, id, payload.clone());
      seen.put(message.id(), Boolean.TRUE);
      targets = topicTargets(topic, null);
      if (targets.isEmpty()) {
        Deque<byte[]> queue = queued.computeIfAbsent(topic, t -> new ArrayDeque<>());
        if (queue.size() >= MAX_QUEUED_PER_TOPIC) {
          return new PublishResult(0, false);
        }
        queue.add(payload.clone());
        return new PublishResult(0, true);
      }
    }
    for (LoopbackTransport remote : targets) {
      network.send(this, remote, message);
    }
    return new PublishResult(targets.size(), false);
  }

  private List<LoopbackTransport> topicTargets(String topic, PeerId except) {
    List<LoopbackTransport> out = new ArrayList<>();
    for (Map.Entry<PeerId, Link> e : links.entrySet()) {
      if (e.getValue().topics().contains(topic) && !e.getKey().equals(except)) {
        out.add(e.getValue().remote());
      }
    }
    return out;
  }

  @Override
  public synchronized Set<PeerId> topicPeers(String topic) {
    Set<PeerId> out = new HashSet<>();
    links.forEach(
        (peer, link) -> {
          if (link.topics().contains(topic)) {
            out.add(peer);
          }
        });
    return Set.copyOf(out);
  }

  @Override
  public void validator(String topic, TopicValidator validator) {
    ensureOpen();
    validators.put(topic, validator);
  }

  @Override
  public void serve(String protocol, RequestHandler handler) {
    ensureOpen();
    requests.serve(protocol, handler);
  }

  @Override
  public CompletionStage<byte[]> request(
      PeerId peer, String protocol, byte[] body, Duration timeout) {
    ensureOpen();
    LoopbackTransport remote;
    synchronized (this) {
      Link link = links.get(peer);
      if (link == null) {
        return CompletableFuture.failedFuture(
            new PeerUnreachableException("not connected to " + peer));
      }
      remote = link.remote();
    }
    return requests.send(this, remote, protocol, body, timeout);
  }

  @Override
  public CompletionStage<PeerId> dial(String multiaddr) {
    ensureOpen();
    int p2p = multiaddr.indexOf("/p2p/");
    String base = p2p < 0 ? multiaddr : multiaddr.substring(0, p2p);
    LoopbackTransport remote = network.lookup(base);
    if (remote == null || remote == this) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("nobody listens on " + multiaddr));
    }
    CompletableFuture<PeerId> result = new CompletableFuture<>();
    network.control(
        () -> {
          if (closed || remote.closed) {
            result.completeExceptionally(new PeerUnreachableException(multiaddr + " is closed"));
            return;
          }
          this.link(remote, true);
          remote.link(this, false);
          result.complete(remote.id());
        });
    return result;
  }

  private void link(LoopbackTransport remote, boolean outbound) {
    Set<String> remoteTopics;
    synchronized (remote) {
      remoteTopics = ConcurrentHashMap.newKeySet();
      remoteTopics.addAll(remote.handlers.keySet());
    }
    boolean added;
    synchronized (this) {
      added = links.putIfAbsent(remote.id(), new Link(remote, remoteTopics, outbound)) == null;
    }
    if (added) {
      tellListeners(l -> l.connected(remote.id()));
      remoteTopics.forEach(t -> flushQueued(t, remote));
    }
  }

  @Override
  public synchronized Set<PeerId> connectedPeers() {
    return Set.copyOf(links.keySet());
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    listeners.add(listener);
  }

  /** Tells every listener; one failing listener neither stops the others nor the network. */
  private void tellListeners(java.util.function.Consumer<PeerListener> event) {
    for (PeerListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "peer listener failed", e);
      }
    }
  }

  /** Handles one envelope; runs on the network thread. */
  void receive(PeerId from, LoopbackEnvelope envelope) {
    if (closed) {
      return;
    }
    Link link;
    synchronized (this) {
      link = links.get(from);
    }
    if (link == null) {
      return;
    }
    if (envelope instanceof Joined j) {
      link.topics().add(j.topic());
      flushQueued(j.topic(), link.remote());
    } else if (envelope instanceof Left l) {
      link.topics().remove(l.topic());
    } else if (envelope instanceof Goodbye) {
      unlink(from);
    } else if (envelope instanceof Publish p) {
      onPublish(from, p);
    } else if (envelope instanceof Request r) {
      requests.onRequest(this, link.remote(), r);
    } else if (envelope instanceof Response r) {
      requests.onResponse(r);
    }
  }

  private void flushQueued(String topic, LoopbackTransport remote) {
    List<byte[]> toSend;
    synchronized (this) {
      Deque<byte[]> queue = queued.remove(topic);
      if (queue == null) {
        return;
      }
      toSend = new ArrayList<>(queue);
    }
    for (byte[] payload : toSend) {
      Publish message;
      synchronized (this) {
        message = new Publish(topic, id + "/" + nextSeq++, id, payload);
        seen.put(message.id(), Boolean.TRUE);
      }
      network.send(this, remote, message);
    }
  }

  private void onPublish(PeerId from, Publish p) {
    List<MessageHandler> local;
    List<LoopbackTransport> forward;
    Message message = new Message(p.topic(), p.author(), p.payload().clone(), from);
    synchronized (this) {
      if (seen.put(p.id(), Boolean.TRUE) != null) {
        return;
      }
    }
    TopicValidator validator = validators.get(p.topic());
    if (validator != null && validator.validate(message) != TopicValidator.Result.ACCEPT) {
      return;
    }
    synchronized (this) {
      local = handlers.getOrDefault(p.topic(), List.of());
      forward = topicTargets(p.topic(), from);
      forward.removeIf(t -> t.id().equals(p.author()));
    }
    local.forEach(h -> h.onMessage(message));
    forward.forEach(t -> network.send(this, t, p));
  }

  @Override
  public void disconnect(PeerId peer) {
    ensureOpen();
    Link link;
    synchronized (this) {
      link = links.get(peer);
    }
    if (link != null) {
      unlink(peer);
      network.control(() -> link.remote().receive(id, new Goodbye()));
    }
  }

  /** Every peer of an in-memory network is on this machine: a linked peer is at loopback. */
  @Override
  public synchronized Optional<InetAddress> remoteAddress(PeerId peer) {
    return links.containsKey(peer)
        ? Optional.of(InetAddress.getLoopbackAddress())
        : Optional.empty();
  }

  /** Listen address and links; a loopback network has no NAT, relays or DHT to report. */
  @Override
  public synchronized NetworkStatus networkStatus() {
    List<NetworkStatus.ConnectionInfo> connections = new ArrayList<>();
    links.forEach(
        (peer, link) ->
            connections.add(
                new NetworkStatus.ConnectionInfo(
                    peer, link.remote().address, link.outbound(), false)));
    return new NetworkStatus(
        NetworkStatus.Reachability.PUBLIC,
        List.of(address + "/p2p/" + id.value()),
        List.of(),
        List.of(),
        0,
        connections);
  }

  private void unlink(PeerId peer) {
    boolean removed;
    synchronized (this) {
      removed = links.remove(peer) != null;
    }
    if (removed) {
      requests.peerGone(peer);
      tellListeners(l -> l.disconnected(peer));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    network.unregister(address);
    for (LoopbackTransport remote : remotes()) {
      network.control(() -> remote.receive(id, new Goodbye()));
    }
    synchronized (this) {
      links.clear();
    }
    requests.close();
  }
}
