package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.TransportException;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IWant;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.SubOpts;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import io.netty.buffer.ByteBuf;
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
 * IHAVE/IWANT gossip from a message cache, a seen cache and StrictSign validation. State is
 * guarded by this object's lock; signatures are checked and handlers called outside it.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/pubsub/gossipsub/gossipsub-v1.1.md">gossipsub v1.1</a>
 */
public final class GossipRouter {
  private static final System.Logger LOG = System.getLogger(GossipRouter.class.getName());

  private final MessageSigner signer;
  private final GossipParams params;
  private final Random random;
  private final LongSupplier clock;
  private final Map<PeerId, GossipPeer> peers = new HashMap<>();
  private final Map<String, List<MessageHandler>> subscriptions = new HashMap<>();
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> fanoutLastPublish = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
  private final Map<String, Deque<byte[]>> queued = new HashMap<>();
  private final Map<MessageId, Long> seen = new ConcurrentHashMap<>();
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final Consumer<PeerId> onReject;
  private final MessageCache cache;
  private long seqno;

  public GossipRouter(KeyPair identity, GossipParams params, Random random, LongSupplier nanoClock,
      Consumer<PeerId> onReject) {
    this.onReject = onReject;
    this.signer = new MessageSigner(identity);
    this.params = params;
    this.random = random;
    this.clock = nanoClock;
    this.cache = new MessageCache(params.historyLength(), params.historyGossip());
    this.seqno = random.nextLong() >>> 1;
  }

  // ---------------------------------------------------------------- peers

  /** Starts gossiping with the peer of a new connection. */
  public void addPeer(Connection c) {
    if (!register(c.peer(), c.outbound())) {
      return;
    }
    c.openStream(PubsubProtocol.IDS, (s, proto) -> new IgnoreInbound()).whenComplete((s, e) -> {
      if (e != null) {
        LOG.log(Level.DEBUG, "no gossipsub with {0}: {1}", c.peer(), e.toString());
        streamFailed(c.peer());
      } else {
        streamOpened(c.peer(), s);
      }
    });
  }

  /** Adds a peer whose outbound stream is still being opened; false if already known. */
  synchronized boolean register(PeerId peer, boolean outbound) {
    if (peers.containsKey(peer)) {
      return false;
    }
    GossipPeer p = new GossipPeer(peer, outbound);
    peers.put(peer, p);
    if (!subscriptions.isEmpty()) {
      p.send(frame(new PubsubFrame(subscriptions.keySet().stream().map(t -> new SubOpts(true, t)).toList(),
          List.of(), null)));
    }
    return true;
  }

  synchronized void streamOpened(PeerId peer, Libp2pStream stream) {
    GossipPeer p = peers.get(peer);
    if (p == null) {
      stream.reset();
    } else {
      p.streamOpened(stream);
    }
  }

  private synchronized void streamFailed(PeerId peer) {
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
    mesh.values().forEach(s -> s.remove(peer));
    fanout.values().forEach(s -> s.remove(peer));
  }

  /** Connected peers that announced {@code topic}. */
  public synchronized Set<PeerId> topicPeers(String topic) {
    Set<PeerId> out = new HashSet<>();
    peers.values().forEach(p -> {
      if (p.topics.contains(topic)) {
        out.add(p.id);
      }
    });
    return out;
  }

  public synchronized Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  /** Handler for inbound gossipsub streams. */
  public StreamHandler inbound(Libp2pStream stream) {
    LengthPrefixedReader reader = new LengthPrefixedReader(PubsubProtocol.MAX_RPC);
    return new StreamHandler() {
      @Override
      public void onData(Libp2pStream s, ByteBuf data) {
        for (byte[] frame : reader.feed(data)) {
          onRpc(s.remotePeer(), PubsubCodec.decode(frame));
        }
      }

      @Override
      public void onRemoteClose(Libp2pStream s) {
        reader.release();
      }

      @Override
      public void onReset(Libp2pStream s) {
        reader.release();
      }
    };
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
      Set<PeerId> m = new HashSet<>(fanout.getOrDefault(topic, Set.of()));
      fanout.remove(topic);
      fanoutLastPublish.remove(topic);
      mesh.put(topic, m);
      fillMesh(topic, m);
      m.forEach(p -> sendControl(p, new Control(List.of(), List.of(), List.of(new Graft(topic)), List.of())));
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
      Set<PeerId> m = mesh.remove(topic);
      if (m != null) {
        long backoffSeconds = params.pruneBackoff().toSeconds();
        m.forEach(p -> sendControl(p, pruneControl(topic, backoffSeconds)));
      }
    }
  }

  /** Signs and sends a message; queues it while no peer is on the topic. */
  public synchronized PublishResult publish(String topic, byte[] data) {
    if (data.length > PubsubProtocol.MAX_PAYLOAD) {
      throw new TransportException("message of " + data.length + " bytes exceeds the 1 MiB limit");
    }
    Set<PeerId> targets = publishTargets(topic);
    if (targets.isEmpty()) {
      Deque<byte[]> q = queued.computeIfAbsent(topic, t -> new ArrayDeque<>());
      if (q.size() >= params.maxQueuedPerTopic()) {
        return new PublishResult(0, false);
      }
      q.add(data.clone());
      return new PublishResult(0, true);
    }
    byte[] rpc = signAndRemember(topic, data);
    int sent = 0;
    for (PeerId p : targets) {
      if (peers.get(p).send(rpc)) {
        sent++;
      }
    }
    return new PublishResult(sent, false);
  }

  private byte[] signAndRemember(String topic, byte[] data) {
    byte[] seq = new byte[PubsubProtocol.SEQNO_LENGTH];
    long n = ++seqno;
    for (int i = 7; i >= 0; i--) {
      seq[i] = (byte) n;
      n >>>= 8;
    }
    WireMessage m = signer.sign(topic, data, seq);
    MessageId id = MessageId.of(m);
    byte[] rpc = frame(PubsubFrame.ofMessage(m));
    seen.put(id, clock.getAsLong());
    cache.put(id, topic, rpc);
    return rpc;
  }

  private Set<PeerId> publishTargets(String topic) {
    Set<PeerId> targets = new HashSet<>();
    if (params.floodPublish()) {
      peers.values().forEach(p -> {
        if (p.topics.contains(topic) && !p.unsupported) {
          targets.add(p.id);
        }
      });
      return targets;
    }
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      m = fanout.computeIfAbsent(topic, t -> new HashSet<>());
      fillMesh(topic, m);
      fanoutLastPublish.put(topic, clock.getAsLong());
    }
    targets.addAll(m);
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
      LOG.log(Level.WARNING, "validator of " + v.message().topic() + " failed; ignoring the message", e);
      return TopicValidator.Result.IGNORE;
    }
  }

  private void onSubscription(GossipPeer peer, SubOpts s) {
    if (s.topic() == null) {
      return;
    }
    if (!s.subscribe()) {
      peer.topics.remove(s.topic());
      Set<PeerId> m = mesh.get(s.topic());
      if (m != null) {
        m.remove(peer.id);
      }
      return;
    }
    if (peer.topics.size() >= PubsubProtocol.MAX_TOPICS_PER_PEER) {
      throw new dev.mero4j.transport.api.ProtocolViolationException("peer announced too many topics");
    }
    peer.topics.add(s.topic());
    Set<PeerId> m = mesh.get(s.topic());
    if (m != null && m.size() < params.d() && !inBackoff(s.topic(), peer.id) && m.add(peer.id)) {
      sendControl(peer.id, new Control(List.of(), List.of(), List.of(new Graft(s.topic())), List.of()));
    }
    Deque<byte[]> q = queued.remove(s.topic());
    if (q != null) {
      for (byte[] data : q) {
        peer.send(signAndRemember(s.topic(), data));
      }
    }
  }

  private void onMessage(GossipPeer from, Valid v, List<Runnable> deliveries) {
    WireMessage m = v.message();
    byte[] rpc = frame(PubsubFrame.ofMessage(m));
    cache.put(v.id(), m.topic(), rpc);
    List<MessageHandler> handlers = subscriptions.get(m.topic());
    if (handlers != null) {
      Message message = new Message(m.topic(), v.author(), m.data() == null ? new byte[0] : m.data());
      handlers.forEach(h -> deliveries.add(() -> deliver(h, message)));
    }
    Set<PeerId> m2 = mesh.getOrDefault(m.topic(), fanout.getOrDefault(m.topic(), Set.of()));
    for (PeerId p : m2) {
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
      String topic = g.topic();
      if (topic == null || !mesh.containsKey(topic)) {
        prunes.add(new Prune(topic, params.pruneBackoff().toSeconds()));
      } else if (inBackoff(topic, peer.id)) {
        prunes.add(new Prune(topic, params.pruneBackoff().toSeconds()));
      } else {
        mesh.get(topic).add(peer.id);
      }
    }
    for (Prune p : c.prune()) {
      if (p.topic() != null && mesh.containsKey(p.topic())) {
        mesh.get(p.topic()).remove(peer.id);
        long seconds = p.backoffSeconds() > 0 ? p.backoffSeconds() : params.pruneBackoff().toSeconds();
        setBackoff(p.topic(), peer.id, seconds);
      }
    }
    List<byte[]> want = new ArrayList<>();
    for (IHave h : c.ihave()) {
      if (h.topic() != null && subscriptions.containsKey(h.topic())) {
        for (byte[] id : h.messageIds()) {
          if (want.size() < PubsubProtocol.MAX_IHAVE_LENGTH && !seen.containsKey(new MessageId(id))) {
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
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> m = e.getValue();
      m.removeIf(p -> !peers.containsKey(p) || !peers.get(p).topics.contains(topic));
      if (m.size() < params.dLo()) {
        Set<PeerId> before = new HashSet<>(m);
        fillMesh(topic, m);
        m.stream().filter(p -> !before.contains(p))
            .forEach(p -> sendControl(p, new Control(List.of(), List.of(), List.of(new Graft(topic)), List.of())));
      } else if (m.size() > params.dHi()) {
        pruneExcess(topic, m);
      }
    }
    fanoutLastPublish.entrySet().removeIf(e -> {
      boolean expired = now - e.getValue() > params.fanoutTtl().toNanos();
      if (expired) {
        fanout.remove(e.getKey());
      }
      return expired;
    });
    emitGossip();
    cache.shift();
    backoff.values().forEach(b -> b.values().removeIf(until -> until < now));
    seen.values().removeIf(at -> now - at > params.seenTtl().toNanos());
  }

  private void pruneExcess(String topic, Set<PeerId> m) {
    List<PeerId> shuffled = new ArrayList<>(m);
    java.util.Collections.shuffle(shuffled, random);
    List<PeerId> keep = new ArrayList<>();
    shuffled.stream().filter(p -> peers.get(p).outbound).limit(params.dOut()).forEach(keep::add);
    for (PeerId p : shuffled) {
      if (keep.size() >= params.d()) {
        break;
      }
      if (!keep.contains(p)) {
        keep.add(p);
      }
    }
    for (PeerId p : shuffled) {
      if (!keep.contains(p)) {
        m.remove(p);
        setBackoff(topic, p, params.pruneBackoff().toSeconds());
        sendControl(p, pruneControl(topic, params.pruneBackoff().toSeconds()));
      }
    }
  }

  private void emitGossip() {
    Set<String> topics = new HashSet<>(mesh.keySet());
    topics.addAll(fanout.keySet());
    for (String topic : topics) {
      List<byte[]> ids = cache.gossipIds(topic);
      if (ids.isEmpty()) {
        continue;
      }
      if (ids.size() > PubsubProtocol.MAX_IHAVE_LENGTH) {
        ids = ids.subList(ids.size() - PubsubProtocol.MAX_IHAVE_LENGTH, ids.size());
      }
      Set<PeerId> exclude = mesh.getOrDefault(topic, fanout.getOrDefault(topic, Set.of()));
      List<PeerId> candidates = new ArrayList<>();
      peers.values().forEach(p -> {
        if (p.topics.contains(topic) && !exclude.contains(p.id)) {
          candidates.add(p.id);
        }
      });
      java.util.Collections.shuffle(candidates, random);
      Control ihave = new Control(List.of(new IHave(topic, ids)), List.of(), List.of(), List.of());
      candidates.stream().limit(params.dLazy()).forEach(p -> sendControl(p, ihave));
    }
  }

  private void fillMesh(String topic, Set<PeerId> m) {
    List<PeerId> candidates = new ArrayList<>();
    peers.values().forEach(p -> {
      if (p.topics.contains(topic) && !m.contains(p.id) && !p.unsupported && !inBackoff(topic, p.id)) {
        candidates.add(p.id);
      }
    });
    java.util.Collections.shuffle(candidates, random);
    for (PeerId p : candidates) {
      if (m.size() >= params.d()) {
        break;
      }
      m.add(p);
    }
  }

  private boolean inBackoff(String topic, PeerId peer) {
    Long until = backoff.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until > clock.getAsLong();
  }

  private void setBackoff(String topic, PeerId peer, long seconds) {
    backoff.computeIfAbsent(topic, t -> new HashMap<>()).put(peer, clock.getAsLong() + seconds * 1_000_000_000L);
  }

  private static Control pruneControl(String topic, long backoffSeconds) {
    return new Control(List.of(), List.of(), List.of(), List.of(new Prune(topic, backoffSeconds)));
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
    return LengthPrefixedReader.frame(PubsubCodec.encode(rpc));
  }

  /** Our outbound gossipsub stream only writes; inbound bytes on it are ignored. */
  private static final class IgnoreInbound implements StreamHandler {
    @Override
    public void onData(Libp2pStream stream, ByteBuf data) {}
  }
}
