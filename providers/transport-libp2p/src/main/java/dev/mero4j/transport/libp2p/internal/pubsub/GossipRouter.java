package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IWant;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.SubOpts;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The gossipsub v1.1 router: subscriptions, mesh with GRAFT/PRUNE and backoff, flood publish,
 * IHAVE/IWANT gossip from a message cache, a seen cache and StrictSign validation. State is guarded
 * by this object's lock; signatures are checked and handlers called outside it.
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/pubsub/gossipsub/gossipsub-v1.1.md">gossipsub
 *     v1.1</a>
 */
public final class GossipRouter {
  private static final System.Logger LOG = System.getLogger(GossipRouter.class.getName());

  private final MessageSigner signer;
  private final GossipParams params;
  private final LongSupplier clock;
  private final Map<PeerId, GossipPeer> peers = new HashMap<>();
  private final Map<String, List<MessageHandler>> subscriptions = new HashMap<>();
  private final Mesh mesh;
  private final Map<String, Deque<byte[]>> queued = new HashMap<>();
  private final Map<MessageId, Long> seen = new ConcurrentHashMap<>();
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final Consumer<PeerId> onReject;
  private final MessageCache cache;
  private final java.util.concurrent.atomic.AtomicLong seqno;

  public GossipRouter(
      KeyPair identity,
      GossipParams params,
      Random random,
      LongSupplier nanoClock,
      Consumer<PeerId> onReject) {
    this.onReject = onReject;
    this.signer = new MessageSigner(identity);
    this.params = params;
    this.clock = nanoClock;
    this.cache = new MessageCache(params.historyLength(), params.historyGossip());
    this.mesh = new Mesh(params, random, nanoClock, peers);
    this.seqno = new java.util.concurrent.atomic.AtomicLong(random.nextLong() >>> 1);
  }

  // ---------------------------------------------------------------- peers

  /** Adds a peer whose outbound stream is still being opened; false if already known. */
  synchronized boolean register(PeerId peer, boolean outbound) {
    if (peers.containsKey(peer)) {
      return false;
    }
    GossipPeer p = new GossipPeer(peer, outbound);
    peers.put(peer, p);
    if (!subscriptions.isEmpty()) {
      p.send(
          frame(
              new PubsubFrame(
                  subscriptions.keySet().stream().map(t -> new SubOpts(true, t)).toList(),
                  List.of(),
                  null)));
    }
    return true;
  }

  /** Adopts the peer's outbound stream; false (and the stream reset) if it is not wanted. */
  synchronized boolean streamOpened(PeerId peer, Libp2pStream stream) {
    GossipPeer p = peers.get(peer);
    if (p == null || p.stream != null) {
      stream.reset();
      return false;
    }
    p.streamOpened(stream);
    return true;
  }

  /**
   * The connection under the peer's outbound stream closed ({@code stream} null: while it was being
   * opened) but the peer is still connected: RPCs wait in the backlog until the stream is reopened
   * on another connection. False when there is nothing to reopen.
   */
  synchronized boolean streamLost(PeerId peer, Libp2pStream stream) {
    GossipPeer p = peers.get(peer);
    if (p == null || p.unsupported || p.stream != stream) {
      return false;
    }
    p.stream = null;
    return true;
  }

  synchronized void streamFailed(PeerId peer) {
    GossipPeer p = peers.get(peer);
    if (p != null) {
      p.unsupported = true;
      p.backlog.clear();
    }
  }

  public synchronized void removePeer(PeerId peer) {
    GossipPeer p = peers.remove(peer);
    if (p != null && p.stream != null) {
      p.stream.reset();
    }
    mesh.removePeer(peer);
  }

  /** Connected peers that announced {@code topic}. */
  public synchronized Set<PeerId> topicPeers(String topic) {
    Set<PeerId> out = new HashSet<>();
    peers
        .values()
        .forEach(
            p -> {
              if (p.topics.contains(topic)) {
                out.add(p.id);
              }
            });
    return out;
  }

  public synchronized Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.peers(topic));
  }

  // ---------------------------------------------------------------- local API

  public void subscribe(String topic, MessageHandler handler) {
    synchronized (this) {
      List<MessageHandler> list = subscriptions.get(topic);
      if (list != null) {
        list.add(handler);
        return;
      }
      list = new CopyOnWriteArrayList<>();
      list.add(handler);
      subscriptions.put(topic, list);
      broadcast(frame(new PubsubFrame(List.of(new SubOpts(true, topic)), List.of(), null)));
      mesh.join(topic, this::sendControl);
    }
  }

  public void unsubscribe(String topic, MessageHandler handler) {
    synchronized (this) {
      List<MessageHandler> list = subscriptions.get(topic);
      if (list == null || !list.remove(handler) || !list.isEmpty()) {
        return;
      }
      subscriptions.remove(topic);
      broadcast(frame(new PubsubFrame(List.of(new SubOpts(false, topic)), List.of(), null)));
      mesh.leave(topic, this::sendControl);
    }
  }

  /** A message signed by this node, ready to send. */
  private record Signed(MessageId id, String topic, byte[] rpc) {}

  /**
   * Signs (outside the lock, so receiving never waits for our signatures) and sends a message;
   * queues it while no peer is on the topic.
   */
  public PublishResult publish(String topic, byte[] data) {
    if (data.length > PubsubProtocol.MAX_PAYLOAD) {
      throw new TransportException("message of " + data.length + " bytes exceeds the 1 MiB limit");
    }
    Signed signed = sign(topic, data);
    synchronized (this) {
      remember(signed);
      Set<PeerId> targets = publishTargets(topic);
      if (targets.isEmpty()) {
        Deque<byte[]> q = queued.computeIfAbsent(topic, t -> new ArrayDeque<>());
        if (q.size() >= params.maxQueuedPerTopic()) {
          return new PublishResult(0, false);
        }
        q.add(signed.rpc());
        return new PublishResult(0, true);
      }
      int sent = 0;
      for (PeerId p : targets) {
        if (peers.get(p).send(signed.rpc())) {
          sent++;
        }
      }
      return new PublishResult(sent, false);
    }
  }

  private Signed sign(String topic, byte[] data) {
    byte[] seq = new byte[PubsubProtocol.SEQNO_LENGTH];
    long n = seqno.incrementAndGet();
    for (int i = 7; i >= 0; i--) {
      seq[i] = (byte) n;
      n >>>= 8;
    }
    WireMessage m = signer.sign(topic, data, seq);
    return new Signed(MessageId.of(m), topic, frame(PubsubFrame.ofMessage(m)));
  }

  private void remember(Signed signed) {
    seen.put(signed.id(), clock.getAsLong());
    cache.put(signed.id(), signed.topic(), signed.rpc());
  }

  private Set<PeerId> publishTargets(String topic) {
    Set<PeerId> targets = new HashSet<>();
    if (params.floodPublish()) {
      peers
          .values()
          .forEach(
              p -> {
                if (p.topics.contains(topic) && !p.unsupported) {
                  targets.add(p.id);
                }
              });
      return targets;
    }
    targets.addAll(mesh.publishTargets(topic));
    return targets;
  }

  // ---------------------------------------------------------------- inbound

  /** A validated message awaiting the lock. */
  private record Valid(MessageId id, WireMessage message, PeerId author) {}

  /** Installs the application's validator of {@code topic}. */
  public void validator(String topic, TopicValidator validator) {
    validators.put(topic, validator);
  }

  /**
   * Handles one RPC: signatures, de-duplication and application validation run without the lock,
   * routing under it, and handlers after it.
   */
  void onRpc(PeerId from, PubsubFrame rpc) {
    synchronized (this) {
      if (!peers.containsKey(from)) {
        return;
      }
    }
    List<Valid> accepted = new ArrayList<>(rpc.publish().size());
    boolean rejected = false;
    for (WireMessage m : rpc.publish()) {
      if (m.from() == null || m.seqno() == null) {
        MessageSigner.validate(m);
      }
      MessageId id = MessageId.of(m);
      if (seen.containsKey(id)) {
        continue;
      }
      Valid v = new Valid(id, m, MessageSigner.validate(m));
      if (seen.putIfAbsent(id, clock.getAsLong()) != null) {
        continue;
      }
      TopicValidator.Result verdict = validate(v);
      if (verdict == TopicValidator.Result.ACCEPT) {
        accepted.add(v);
      } else if (verdict == TopicValidator.Result.REJECT) {
        rejected = true;
      }
    }
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      GossipPeer peer = peers.get(from);
      if (peer == null) {
        return;
      }
      rpc.subscriptions().forEach(s -> onSubscription(peer, s));
      for (Valid v : accepted) {
        onMessage(peer, v, deliveries);
      }
      if (rpc.control() != null) {
        onControl(peer, rpc.control());
      }
    }
    if (rejected) {
      onReject.accept(from);
    }
    deliveries.forEach(Runnable::run);
  }

  private TopicValidator.Result validate(Valid v) {
    TopicValidator validator = validators.get(v.message().topic());
    if (validator == null) {
      return TopicValidator.Result.ACCEPT;
    }
    byte[] data = v.message().data() == null ? new byte[0] : v.message().data();
    try {
      return validator.validate(new Message(v.message().topic(), v.author(), data));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "validator of " + v.message().topic() + " failed; ignoring the message",
          e);
      return TopicValidator.Result.IGNORE;
    }
  }

  private void onSubscription(GossipPeer peer, SubOpts s) {
    if (s.topic() == null) {
      return;
    }
    if (!s.subscribe()) {
      peer.topics.remove(s.topic());
      mesh.peerLeft(s.topic(), peer.id);
      return;
    }
    if (peer.topics.size() >= PubsubProtocol.MAX_TOPICS_PER_PEER) {
      throw new dev.mero4j.transport.api.ProtocolViolationException(
          "peer announced too many topics");
    }
    peer.topics.add(s.topic());
    mesh.peerJoined(s.topic(), peer.id, this::sendControl);
    Deque<byte[]> q = queued.remove(s.topic());
    if (q != null) {
      q.forEach(peer::send);
    }
  }

  private void onMessage(GossipPeer from, Valid v, List<Runnable> deliveries) {
    WireMessage m = v.message();
    byte[] rpc = frame(PubsubFrame.ofMessage(m));
    cache.put(v.id(), m.topic(), rpc);
    List<MessageHandler> handlers = subscriptions.get(m.topic());
    if (handlers != null) {
      Message message =
          new Message(m.topic(), v.author(), m.data() == null ? new byte[0] : m.data(), from.id);
      handlers.forEach(h -> deliveries.add(() -> deliver(h, message)));
    }
    for (PeerId p : mesh.forwardTargets(m.topic())) {
      if (!p.equals(from.id) && !p.equals(v.author())) {
        GossipPeer gp = peers.get(p);
        if (gp != null) {
          gp.send(rpc);
        }
      }
    }
  }

  private static void deliver(MessageHandler h, Message m) {
    try {
      h.onMessage(m);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "message handler failed on topic " + m.topic(), e);
    }
  }

  private void onControl(GossipPeer peer, Control c) {
    List<Prune> prunes = new ArrayList<>();
    for (Graft g : c.graft()) {
      Prune answer = mesh.onGraft(g.topic(), peer.id);
      if (answer != null) {
        prunes.add(answer);
      }
    }
    c.prune().forEach(p -> mesh.onPrune(p, peer.id));
    List<byte[]> want = new ArrayList<>();
    for (IHave h : c.ihave()) {
      if (h.topic() != null && subscriptions.containsKey(h.topic())) {
        for (byte[] id : h.messageIds()) {
          if (want.size() < PubsubProtocol.MAX_IHAVE_LENGTH
              && !seen.containsKey(new MessageId(id))) {
            want.add(id);
          }
        }
      }
    }
    int served = 0;
    for (IWant w : c.iwant()) {
      for (byte[] id : w.messageIds()) {
        byte[] rpc = cache.get(new MessageId(id));
        if (rpc != null && served++ < PubsubProtocol.MAX_IHAVE_LENGTH) {
          peer.send(rpc);
        }
      }
    }
    if (!prunes.isEmpty() || !want.isEmpty()) {
      List<IWant> iwant = want.isEmpty() ? List.of() : List.of(new IWant(want));
      sendControl(peer.id, new Control(List.of(), iwant, List.of(), prunes));
    }
  }

  // ---------------------------------------------------------------- heartbeat

  /** Mesh maintenance, fanout expiry, gossip emission and cache shifting; call periodically. */
  public synchronized void heartbeat() {
    long now = clock.getAsLong();
    mesh.heartbeat(cache, this::sendControl);
    cache.shift();
    seen.values().removeIf(at -> now - at > params.seenTtl().toNanos());
  }

  private void sendControl(PeerId peer, Control c) {
    GossipPeer p = peers.get(peer);
    if (p != null) {
      p.send(frame(PubsubFrame.ofControl(c)));
    }
  }

  private void broadcast(byte[] rpc) {
    peers.values().forEach(p -> p.send(rpc));
  }

  private static byte[] frame(PubsubFrame rpc) {
    return dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader.frame(
        PubsubCodec.encode(rpc));
  }
}
