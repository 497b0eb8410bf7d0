package dev.mero4j.transport.libp2p;

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
import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.autonat.AutoNat;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.DialRaces;
import dev.mero4j.transport.libp2p.internal.conn.HostListener;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.conn.NetworkView;
import dev.mero4j.transport.libp2p.internal.conn.PeerScores;
import dev.mero4j.transport.libp2p.internal.conn.Redialer;
import dev.mero4j.transport.libp2p.internal.conn.RemoteIps;
import dev.mero4j.transport.libp2p.internal.conn.TransportThreads;
import dev.mero4j.transport.libp2p.internal.identify.IdentifyFrame;
import dev.mero4j.transport.libp2p.internal.identify.IdentifyHandler;
import dev.mero4j.transport.libp2p.internal.identify.IdentifyProtocol;
import dev.mero4j.transport.libp2p.internal.kad.KadParams;
import dev.mero4j.transport.libp2p.internal.kad.KadService;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsDiscovery;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsHandler;
import dev.mero4j.transport.libp2p.internal.mdns.MdnsSocket;
import dev.mero4j.transport.libp2p.internal.ping.PingHandler;
import dev.mero4j.transport.libp2p.internal.ping.PingProtocol;
import dev.mero4j.transport.libp2p.internal.pubsub.BatchedTopics;
import dev.mero4j.transport.libp2p.internal.pubsub.GossipParams;
import dev.mero4j.transport.libp2p.internal.pubsub.GossipRouter;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubHandler;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubProtocol;
import dev.mero4j.transport.libp2p.internal.relay.NatTraversal;
import dev.mero4j.transport.libp2p.internal.relay.RelayLimits;
import dev.mero4j.transport.libp2p.internal.reqresp.ReqRespHandler;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.WildcardAddresses;
import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A running libp2p node: one TCP listener, its connections and the protocols on them. */
public final class Libp2pTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(Libp2pTransport.class.getName());

  private final PeerId self;
  private final EventLoopGroup group;
  private final ExecutorService appExecutor;
  private final Libp2pHost host;
  private final GossipRouter router;
  private final BatchedTopics batched;
  private final PubsubHandler pubsub;
  private final IdentifyHandler identify;
  private final PingHandler ping;
  private final ReqRespHandler reqResp;
  private final Redialer redialer;
  private final DialRaces races;
  private final KadService kad;
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final NetworkView view = new NetworkView();
  private MdnsDiscovery mdns;
  private NatTraversal nat;
  private AutoNat autonat;
  private volatile boolean closed;

  private Libp2pTransport(TransportConfig config, Libp2pOptions options) {
    this.self = PeerIds.of(config.identity().publicKey());
    this.group = TransportThreads.eventLoops(options.ioThreads());
    this.appExecutor = TransportThreads.appExecutor();
    this.host =
        new Libp2pHost(
            config.identity(),
            self,
            options.secureRandom(),
            group,
            options.connectionLimits(),
            new PeerScores(options.nanoClock()),
            new Listener());
    this.races = new DialRaces(host, group);
    this.router =
        new GossipRouter(
            config.identity(),
            GossipParams.SMALL_CLUSTER,
            options.random(),
            options.nanoClock(),
            peer -> host.penalize(peer, PeerScores.INVALID_MESSAGE, "rejected message"));
    this.pubsub = new PubsubHandler(router, host::connection, options.nanoClock());
    this.batched = new BatchedTopics(router);
    this.kad =
        config.discovery().dht()
            ? new KadService(
                host,
                group,
                config.identity(),
                config.discovery().dhtProtocol(),
                KadParams.DEFAULTS,
                options.nanoClock(),
                options.random(),
                this::dialableAddresses)
            : null;
    this.identify =
        new IdentifyHandler(
            host,
            config.identity(),
            options.agentVersion(),
            this::advertisedAddresses,
            (peer, frame) -> {
              observed(frame);
              Optional.ofNullable(kad).ifPresent(k -> k.identified(peer, frame));
            });
    this.ping = new PingHandler(host, options.secureRandom(), options.nanoClock());
    this.reqResp = new ReqRespHandler(host, appExecutor);
    this.redialer =
        new Redialer(host, group, options.random(), options.redialMin(), options.redialMax());
    host.handle(IdentifyProtocol.ID, identify);
    host.handle(IdentifyProtocol.PUSH_ID, identify);
    host.handle(PingProtocol.ID, ping);
    PubsubProtocol.IDS.forEach(id -> host.handle(id, pubsub));
  }

  static Libp2pTransport start(TransportConfig config, Libp2pOptions options) {
    return start(config, options, MdnsSocket::open);
  }

  /** Starts with a custom mDNS carrier (tests use an in-memory bus instead of the LAN). */
  static Libp2pTransport start(
      TransportConfig config, Libp2pOptions options, MdnsHandler.LinkFactory mdnsLinks) {
    return start(config, options, mdnsLinks, RelayLimits.DEFAULTS);
  }

  /** Starts with custom relay limits (tests use small ones). */
  static Libp2pTransport start(
      TransportConfig config,
      Libp2pOptions options,
      MdnsHandler.LinkFactory mdnsLinks,
      RelayLimits relayLimits) {
    Libp2pTransport t = new Libp2pTransport(config, options);
    try {
      t.nat =
          NatTraversal.start(
              t.host, config, relayLimits, t.group, t::dialableAddresses, t::protocols, t.view);
      for (String address : config.listenAddresses()) {
        t.listenAddresses.add(t.host.listen(Multiaddr.parse(address)));
      }
      t.autonat =
          AutoNat.start(
              t.host, t.group, options, config, t::dialableAddresses, t::protocols, t.view);
      long heartbeat = GossipParams.SMALL_CLUSTER.heartbeat().toMillis();
      t.group.scheduleAtFixedRate(t::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
      for (String bootstrap : config.bootstrapPeers()) {
        t.redialer.keep(Multiaddr.parse(bootstrap));
      }
      if (config.discovery().mdns()) {
        t.startMdns(options, mdnsLinks);
      }
      Optional.ofNullable(t.kad).ifPresent(KadService::start);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** LAN discovery is a convenience: a machine where it cannot run still gets a working node. */
  private void startMdns(Libp2pOptions options, MdnsHandler.LinkFactory links) {
    try {
      mdns =
          MdnsDiscovery.start(
              group, links, self, this::dialableAddresses, options.random(), host::dialDiscovered);
    } catch (PeerUnreachableException e) {
      LOG.log(Level.WARNING, "mDNS is off: {0}", String.valueOf(e.getCause()));
    }
  }

  private void heartbeat() {
    try {
      router.heartbeat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "gossipsub heartbeat failed", e);
    }
  }

  /** Host events → gossip, identify and the application's listeners. */
  private final class Listener implements HostListener {
    @Override
    public void peerConnected(Connection c) {
      identify.identify(c);
      pubsub.addPeer(c);
      tellListeners(l -> l.connected(c.peer()));
    }

    @Override
    public void peerDisconnected(Connection c) {
      router.removePeer(c.peer());
      identify.forget(c.peer());
      tellListeners(l -> l.disconnected(c.peer()));
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new TransportClosedException("libp2p transport " + self + " is closed");
    }
  }

  @Override
  public PeerInfo localPeer() {
    return new PeerInfo(self, dialableAddresses().stream().map(Multiaddr::toString).toList());
  }

  /** The listen addresses with wildcards expanded into this host's interface addresses. */
  private List<Multiaddr> dialableAddresses() {
    return WildcardAddresses.expand(
        List.copyOf(listenAddresses), WildcardAddresses.interfaceAddresses());
  }

  /** What identify announces: the dialable addresses and the circuit addresses through relays. */
  private List<Multiaddr> advertisedAddresses() {
    return NatTraversal.withRelayed(dialableAddresses(), view.relayAddresses());
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    ensureOpen();
    MessageHandler unpacked = batched.handler(topic, handler);
    router.subscribe(topic, unpacked);
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void close() {
        router.unsubscribe(topic, unpacked);
      }
    };
  }

  @Override
  public PublishResult publish(String topic, byte[] payload) {
    ensureOpen();
    return batched.publish(topic, payload);
  }

  @Override
  public void validator(String topic, TopicValidator validator) {
    ensureOpen();
    batched.validator(topic, validator);
  }

  @Override
  public void serve(String protocol, RequestHandler handler) {
    ensureOpen();
    reqResp.serve(protocol, handler);
  }

  @Override
  public CompletionStage<byte[]> request(
      PeerId peer, String protocol, byte[] request, Duration timeout) {
    ensureOpen();
    return reqResp.request(peer, protocol, request, timeout);
  }

  @Override
  public CompletionStage<PeerId> dial(String address) {
    ensureOpen();
    Multiaddr addr;
    try {
      addr = Multiaddr.parse(address);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("bad multiaddr " + address, e));
    }
    return host.dial(addr).thenApply(Connection::peer);
  }

  @Override
  public CompletionStage<PeerId> connect(PeerId peer, List<String> addresses) {
    ensureOpen();
    return races.connect(peer, addresses);
  }

  @Override
  public Set<PeerId> connectedPeers() {
    return host.connectedPeers();
  }

  @Override
  public Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(router.topicPeers(topic));
  }

  /** Peers in this node's gossipsub mesh for {@code topic}. */
  public Set<PeerId> meshPeers(String topic) {
    return router.meshPeers(topic);
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

  /** Pings a connected peer over {@code /ipfs/ping/1.0.0}; completes with the round-trip time. */
  public CompletionStage<Duration> ping(PeerId peer) {
    ensureOpen();
    return ping.ping(peer);
  }

  /** The agent version a peer announced through identify, once known. */
  @Override
  public Optional<String> agentVersion(PeerId peer) {
    return identify.agentVersion(peer);
  }

  /** The addresses a peer announced through identify (empty until known). */
  public List<String> listenAddresses(PeerId peer) {
    return identify.listenAddresses(peer);
  }

  /** The protocols a peer announced through identify (empty until known). */
  public List<String> protocols(PeerId peer) {
    return identify.protocols(peer);
  }

  /** Current misbehaviour score of a peer (0 is neutral, below -80 is refused). */
  public double score(PeerId peer) {
    return host.scores().score(peer);
  }

  @Override
  public Optional<PeerRouting> routing() {
    return Optional.ofNullable(kad).map(KadService::dht);
  }

  /** The DHT service, for tests in this package. */
  KadService kad() {
    return kad;
  }

  /** Relay, AutoNAT and hole punching, for tests in this package. */
  NatTraversal nat() {
    return nat;
  }

  /** The host, for tests in this package that misbehave on purpose. */
  Libp2pHost host() {
    return host;
  }

  /** The gossipsub stream handler, for tests in this package that wrap it. */
  PubsubHandler pubsubHandler() {
    return pubsub;
  }

  /** Records the address a peer saw this node at; an unreadable address is left out. */
  private void observed(IdentifyFrame frame) {
    if (frame.observedAddr() != null) {
      Multiaddr.tryFromBytes(frame.observedAddr()).ifPresent(view::observed);
    }
  }

  @Override
  public NetworkStatus networkStatus() {
    int routingTableSize = routing().map(r -> r.routingTableSize()).orElse(0);
    List<String> listen =
        dialableAddresses().stream().map(a -> a.with("p2p", self.value()).toString()).toList();
    return view.status(listen, host.connections(), routingTableSize);
  }

  @Override
  public boolean penalize(PeerId peer, String reason) {
    host.penalize(peer, PeerScores.INVALID_MESSAGE, reason);
    return true;
  }

  @Override
  public Optional<java.net.InetAddress> remoteAddress(PeerId peer) {
    return RemoteIps.of(host.connections(), peer);
  }

  /** Inbound request streams not answered yet (bounded by the request/response limits). */
  public int inboundRequests() {
    return reqResp.limits().streams();
  }

  @Override
  public void disconnect(PeerId peer) {
    ensureOpen();
    host.disconnect(peer);
  }

  /** Gossip messages (one signature each) that carried payloads of batched topics. */
  long gossipBatchesSent() {
    return batched.batchesSent();
  }

  /** Number of open connections (several may lead to one peer). */
  public int connectionCount() {
    return host.connections().size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    redialer.stop();
    batched.close();
    Optional.ofNullable(kad).ifPresent(KadService::close);
    Optional.ofNullable(nat).ifPresent(NatTraversal::close);
    Optional.ofNullable(autonat).ifPresent(AutoNat::close);
    Optional.ofNullable(mdns).ifPresent(MdnsDiscovery::close);
    host.close();
    appExecutor.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    LOG.log(Level.DEBUG, "closed {0}", self);
  }
}
