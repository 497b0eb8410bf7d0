package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamNegotiator;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.yamux.StreamBudget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The libp2p host: listens and dials over TCP, upgrades every connection (multistream-select →
 * Noise → multistream-select → Yamux), keeps the connection table with its limits and routes
 * inbound streams to the registered protocols.
 */
public final class Libp2pHost {
  private static final System.Logger LOG = System.getLogger(Libp2pHost.class.getName());

  private final KeyPair identity;
  private final PeerId self;
  private final SecureRandom random;
  private final EventLoopGroup group;
  private final ConnectionLimits limits;
  private final PeerScores scores;
  private final HostListener listener;
  private final Map<String, StreamProtocolHandler> protocols = new ConcurrentHashMap<>();
  private final Map<PeerId, List<Connection>> connections = new HashMap<>();
  private final Map<PeerId, CompletableFuture<Connection>> dialing = new HashMap<>();
  private final List<Channel> servers = new ArrayList<>();
  private final Set<Channel> allChannels = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();
  private final StreamBudget streams = new StreamBudget(StreamBudget.DEFAULT_MAX);
  private int established;
  private volatile boolean closed;
  private final RelayedConnections relayed = new RelayedConnections(this);
  private final TcpDialer tcp;

  public Libp2pHost(
      KeyPair identity,
      PeerId self,
      SecureRandom random,
      EventLoopGroup group,
      ConnectionLimits limits,
      PeerScores scores,
      HostListener listener) {
    this.identity = identity;
    this.self = self;
    this.random = random;
    this.group = group;
    this.limits = limits;
    this.scores = scores;
    this.listener = listener;
    this.tcp = new TcpDialer(this, group);
  }

  public PeerId self() {
    return self;
  }

  /** Dials from the listen port from now on (call before {@link #listen}); for hole punching. */
  public void reusePort() {
    tcp.enablePortReuse();
  }

  /**
   * Dials {@code address} directly even when a relayed connection exists, in the given upgrade
   * role: hole punching makes both peers dial, and only one of them may act as the client.
   */
  public CompletableFuture<Connection> punch(Multiaddr address, boolean client) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    tcp.dial(address, address.peerId().orElse(null), client, result);
    return result;
  }

  /** Connections through circuit relays: who dials them and how relayed streams are upgraded. */
  public RelayedConnections relayed() {
    return relayed;
  }

  boolean isClosed() {
    return closed;
  }

  public PeerScores scores() {
    return scores;
  }

  /** Serves {@code protocol} on inbound streams. */
  public void handle(String protocol, StreamProtocolHandler handler) {
    protocols.put(protocol, handler);
  }

  public Set<String> protocols() {
    return Set.copyOf(protocols.keySet());
  }

  /** Binds a TCP listener; returns the bound address (port 0 resolved). */
  public Multiaddr listen(Multiaddr address) {
    InetSocketAddress requested = address.socketAddress();
    ServerBootstrap b =
        tcp.listenOptions(
            new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Upgrader(this, false, null, null)));
    if (tcp.reusePort()) {
      PortProbe.ensureFree(address, requested);
    }
    ChannelFuture f = b.bind(requested.getHostString(), requested.getPort()).awaitUninterruptibly();
    if (!f.isSuccess()) {
      if (f.cause() instanceof BindException) {
        throw new AddressInUseException("cannot listen on " + address, f.cause());
      }
      throw new PeerUnreachableException("cannot listen on " + address, f.cause());
    }
    synchronized (this) {
      servers.add(f.channel());
    }
    InetSocketAddress bound = (InetSocketAddress) f.channel().localAddress();
    tcp.listening(address, bound);
    if (bound.getAddress().isAnyLocalAddress()) {
      // A wildcard bind reports the dual-stack "::"; keep the family the caller asked for.
      return Multiaddr.parse(
          address.toString().replaceFirst("/tcp/\\d+", "/tcp/" + bound.getPort()));
    }
    return Multiaddr.of(bound);
  }

  /** Dials a discovered address unless its peer is connected; a failure is only logged. */
  public void dialDiscovered(Multiaddr address) {
    PeerId peer = address.peerId().orElse(null);
    if (closed || peer == null || connectedPeers().contains(peer)) {
      return;
    }
    dial(address)
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                LOG.log(Level.DEBUG, "discovered peer {0} unreachable: {1}", address, e.toString());
              }
            });
  }

  /** Closes every connection to {@code peer} gracefully; a no-op when none is open. */
  public void disconnect(PeerId peer) {
    List<Connection> open;
    synchronized (this) {
      open = List.copyOf(connections.getOrDefault(peer, List.of()));
    }
    open.forEach(Connection::close);
  }

  /** Dials {@code address}; completes once the connection is upgraded (or an existing one). */
  public CompletableFuture<Connection> dial(Multiaddr address) {
    if (closed) {
      return CompletableFuture.failedFuture(new TransportClosedException("host closed"));
    }
    PeerId expected = address.peerId().orElse(null);
    if (self.equals(expected)) {
      return CompletableFuture.failedFuture(new PeerUnreachableException("refusing to dial self"));
    }
    CompletableFuture<Connection> existing = existingOrInFlight(expected, address.isRelayed());
    if (existing != null) {
      return existing;
    }
    CompletableFuture<Connection> result = reserveDial(expected);
    if (address.isRelayed()) {
      relayed.dial(address, result);
      return result;
    }
    tcp.dial(address, expected, true, result);
    return result;
  }

  /**
   * A connection or dial to reuse: any for a relayed dial, a direct one for a direct dial (a direct
   * dial to a peer reached only through a relay goes ahead and upgrades it).
   */
  private synchronized CompletableFuture<Connection> existingOrInFlight(
      PeerId expected, boolean relayed) {
    if (expected == null) {
      return null;
    }
    Connection existing = firstConnection(expected);
    if (existing != null && (relayed || !existing.relayed())) {
      return CompletableFuture.completedFuture(existing);
    }
    CompletableFuture<Connection> inFlight =
        existing == null || relayed ? dialing.get(expected) : null;
    // A failed dial's own callback may run after callers chained on it dial again (callbacks run
    // in reverse order): a finished dial is never shared, so the next address gets its own try.
    return inFlight == null || inFlight.isDone() ? null : inFlight;
  }

  /** Registers a dial in flight so concurrent dials of one peer share it. */
  private synchronized CompletableFuture<Connection> reserveDial(PeerId expected) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    if (expected != null) {
      dialing.put(expected, result);
      result.whenComplete(
          (c, e) -> {
            synchronized (this) {
              dialing.remove(expected, result);
            }
          });
    }
    return result;
  }

  /** The first direct connection to {@code peer}, else the first relayed one, else null. */
  private Connection firstConnection(PeerId peer) {
    List<Connection> list = connections.get(peer);
    if (list == null || list.isEmpty()) {
      return null;
    }
    return list.stream()
        .filter(c -> !c.relayed() && c.channel().isActive())
        .findFirst()
        .orElse(list.get(0));
  }

  public synchronized Connection connection(PeerId peer) {
    return firstConnection(peer);
  }

  public synchronized Set<PeerId> connectedPeers() {
    return Set.copyOf(connections.keySet());
  }

  public synchronized List<Connection> connections() {
    List<Connection> out = new ArrayList<>();
    connections.values().forEach(out::addAll);
    return Collections.unmodifiableList(out);
  }

  /** Opens a stream to a connected peer. */
  public CompletableFuture<Libp2pStream> newStream(
      PeerId peer,
      List<String> protocolIds,
      BiFunction<Libp2pStream, String, StreamHandler> onSelected) {
    Connection c = connection(peer);
    if (c == null) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("not connected to " + peer));
    }
    // A connection closing under us (the loser of a dial race, a replaced relayed one): once on
    // the peer's next connection, not a failed request.
    return c.openStream(protocolIds, onSelected)
        .exceptionallyCompose(
            e -> {
              Connection next = c.channel().isActive() ? null : connection(peer);
              return next == null || next == c
                  ? CompletableFuture.failedFuture(e)
                  : next.openStream(protocolIds, onSelected);
            });
  }

  /**
   * Writes raw bytes into the secured channel to {@code peer}, beneath Yamux; only tests that play
   * a misbehaving peer use this.
   */
  public void injectBelowMuxer(PeerId peer, byte[] plaintext) {
    Connection c = connection(peer);
    if (c == null) {
      throw new PeerUnreachableException("not connected to " + peer);
    }
    Channel ch = c.channel();
    ch.eventLoop()
        .execute(
            () ->
                ch.pipeline()
                    .context("yamux")
                    .writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(plaintext)));
  }

  /** Stops reading from {@code peer}, as a peer that went silent would; only for tests. */
  public void stopReadingForTesting(PeerId peer) {
    Connection c = connection(peer);
    if (c != null) {
      c.channel().config().setAutoRead(false);
    }
  }

  /** The IP address {@code peer} is connected from (its peer id when it has no direct one). */
  public synchronized String remoteIp(PeerId peer) {
    for (Connection c : connections()) {
      if (c.peer().equals(peer)) {
        Multiaddr a = c.remoteAddress();
        return a.value("ip4").or(() -> a.value("ip6")).orElse(peer.value());
      }
    }
    return peer.value();
  }

  /** Penalises a peer; graylisted peers are disconnected. */
  public void penalize(PeerId peer, double penalty, String reason) {
    double score = scores.penalize(peer, penalty);
    LOG.log(Level.DEBUG, "penalised {0} by {1} ({2}), score {3}", peer, penalty, reason, score);
    if (score < PeerScores.GRAYLIST_THRESHOLD) {
      List<Connection> list;
      synchronized (this) {
        list = new ArrayList<>(connections.getOrDefault(peer, List.of()));
      }
      list.forEach(Connection::abort);
    }
  }

  // ---- called by the Upgrader on the channel's event loop ----

  boolean admitPending(Channel ch) {
    if (closed || pending.incrementAndGet() > limits.maxPending()) {
      pending.decrementAndGet();
      return false;
    }
    allChannels.add(ch);
    ch.closeFuture().addListener(f -> allChannels.remove(ch));
    return true;
  }

  void pendingDone() {
    pending.decrementAndGet();
  }

  KeyPair identity() {
    return identity;
  }

  SecureRandom random() {
    return random;
  }

  ConnectionLimits limits() {
    return limits;
  }

  /** Streams open across all connections (capped at {@link StreamBudget#DEFAULT_MAX}). */
  public StreamBudget streams() {
    return streams;
  }

  /** Registers an upgraded connection or returns null when a limit or the graylist refuses it. */
  Connection register(Connection c) {
    boolean first;
    synchronized (this) {
      if (closed || scores.graylisted(c.peer())) {
        return null;
      }
      List<Connection> list = connections.computeIfAbsent(c.peer(), p -> new ArrayList<>());
      if (list.size() >= limits.maxPerPeer() || established >= limits.maxTotal()) {
        if (list.isEmpty()) {
          connections.remove(c.peer());
        }
        return null;
      }
      first = list.isEmpty();
      list.add(c);
      established++;
    }
    c.channel().closeFuture().addListener(f -> unregister(c));
    if (first) {
      listener.peerConnected(c);
    }
    return c;
  }

  private void unregister(Connection c) {
    boolean last;
    synchronized (this) {
      List<Connection> list = connections.get(c.peer());
      if (list == null || !list.remove(c)) {
        return;
      }
      established--;
      last = list.isEmpty();
      if (last) {
        connections.remove(c.peer());
      }
    }
    if (last) {
      listener.peerDisconnected(c);
    }
  }

  StreamHandler acceptStream(Libp2pStream stream) {
    return StreamNegotiator.inbound(stream, protocols);
  }

  void violation(PeerId peer, String reason) {
    if (peer != null) {
      penalize(peer, PeerScores.PROTOCOL_VIOLATION, reason);
    }
  }

  /** Raised when an outbound dial reached a different peer than the /p2p part named. */
  static ProtocolViolationException wrongPeer(PeerId expected, PeerId actual) {
    return new ProtocolViolationException("dialled " + expected + " but reached " + actual);
  }

  public void close() {
    List<Channel> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(servers);
    }
    toClose.addAll(allChannels);
    for (Connection c : connections()) {
      c.close();
    }
    for (Channel ch : toClose) {
      ch.close().awaitUninterruptibly();
    }
    List<CompletableFuture<Connection>> inFlight;
    synchronized (this) {
      inFlight = new ArrayList<>(dialing.values());
    }
    inFlight.forEach(f -> f.completeExceptionally(new TransportClosedException("host closed")));
    relayed.close();
  }
}
