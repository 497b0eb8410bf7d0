package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.conn.NetworkView;
import dev.mero4j.transport.libp2p.internal.dcutr.HolePunchMessage;
import dev.mero4j.transport.libp2p.internal.dcutr.HolePuncher;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wires circuit relay v2 into a host: the client (dial circuits, accept stop streams) always, the
 * relay service when {@code relayService} is on, reservations when {@code natTraversal} is on.
 */
public final class NatTraversal {
  private static final System.Logger LOG = System.getLogger(NatTraversal.class.getName());

  /** How often reservations are checked, refreshed and sought. */
  public static final Duration TICK = Duration.ofSeconds(1);

  private final RelayService service;
  private final AutoRelay autoRelay;
  private final HolePuncher puncher;
  private final ScheduledFuture<?> ticks;

  private NatTraversal(
      Libp2pHost host,
      KeyPair identity,
      DiscoveryOptions discovery,
      RelayLimits limits,
      Clock clock,
      ScheduledExecutorService timer,
      Supplier<List<Multiaddr>> addresses,
      Function<PeerId, List<String>> protocolsOf,
      NetworkView view) {
    this.service =
        discovery.relayService()
            ? new RelayService(host, identity, limits, clock, timer, addresses)
            : null;
    this.autoRelay =
        discovery.natTraversal()
            ? new AutoRelay(host, clock, protocolsOf, view::wantsRelays, view::relayAddresses)
            : null;
    this.puncher =
        discovery.natTraversal()
            ? new HolePuncher(host, timer, System::nanoTime, view::observedAddresses, addresses)
            : null;
    if (puncher != null) {
      host.reusePort();
      host.handle(HolePunchMessage.PROTOCOL, puncher);
    }
    RelayClient client =
        new RelayClient(host, timer, relay -> autoRelay != null && autoRelay.holds(relay));
    host.relayed().dialer(client::dial);
    host.handle(RelayProtocol.STOP_ID, client);
    if (service != null) {
      host.handle(RelayProtocol.HOP_ID, service);
    }
    this.ticks =
        autoRelay == null
            ? null
            : timer.scheduleWithFixedDelay(
                this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts the relay client, and the relay service and reservations as {@code discovery} asks. */
  public static NatTraversal start(
      Libp2pHost host,
      TransportConfig config,
      RelayLimits limits,
      ScheduledExecutorService timer,
      Supplier<List<Multiaddr>> addresses,
      Function<PeerId, List<String>> protocolsOf,
      NetworkView view) {
    return new NatTraversal(
        host,
        config.identity(),
        config.discovery(),
        limits,
        Clock.systemUTC(),
        timer,
        addresses,
        protocolsOf,
        view);
  }

  private void tick() {
    try {
      autoRelay.tick();
      puncher.tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "relay reservations tick failed", e);
    }
  }

  /**
   * {@code direct} followed by the circuit addresses ({@code …/p2p-circuit/p2p/SELF}) without their
   * trailing {@code /p2p/SELF}, as identify announces them.
   */
  public static List<Multiaddr> withRelayed(List<Multiaddr> direct, List<String> circuits) {
    List<Multiaddr> out = new ArrayList<>(direct);
    for (String c : circuits) {
      List<Multiaddr.Component> parts = Multiaddr.parse(c).components();
      out.add(new Multiaddr(parts.subList(0, parts.size() - 1)));
    }
    return out;
  }

  /** The relay service, when this node serves as one. */
  public RelayService service() {
    return service;
  }

  public void close() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }
}
