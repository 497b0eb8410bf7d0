package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pOptions;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.conn.NetworkView;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Wires AutoNAT v1 into a host: the server (always, within its limits) and, when {@code probe} is
 * on, the client, whose verdict and first-round state go to the {@link NetworkView}.
 */
public final class AutoNat {
  private static final System.Logger LOG = System.getLogger(AutoNat.class.getName());

  /** How often the client looks for peers to ask. */
  public static final Duration TICK = Duration.ofSeconds(1);

  private final AutoNatClient client;
  private final NetworkView view;
  private final ScheduledFuture<?> ticks;

  private AutoNat(AutoNatClient client, NetworkView view, ScheduledExecutorService timer) {
    this.client = client;
    this.view = view;
    this.ticks =
        client == null
            ? null
            : timer.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Serves {@link AutoNatMessage#PROTOCOL} on {@code host} and, with {@code natTraversal} on, asks
   * peers to dial this node's {@code listen} and observed addresses back.
   */
  public static AutoNat start(
      Libp2pHost host,
      ScheduledExecutorService timer,
      Libp2pOptions options,
      TransportConfig config,
      Supplier<List<Multiaddr>> listen,
      Function<PeerId, List<String>> protocolsOf,
      NetworkView view) {
    LongSupplier nanoClock = options.nanoClock();
    boolean probe = config.discovery().natTraversal();
    host.handle(AutoNatMessage.PROTOCOL, new AutoNatServer(host, timer, nanoClock));
    AutoNatClient client =
        probe
            ? new AutoNatClient(
                host,
                timer,
                nanoClock,
                listen,
                () -> newestFirst(view.observedAddresses()),
                protocolsOf,
                view::reachability)
            : null;
    return new AutoNat(client, view, timer);
  }

  private static List<Multiaddr> newestFirst(List<Multiaddr> oldestFirst) {
    List<Multiaddr> out = new java.util.ArrayList<>(oldestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  private void tick() {
    try {
      client.tick();
      if (client.firstRoundDone()) {
        view.probed();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "AutoNAT tick failed", e);
    }
  }

  public void close() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }
}
