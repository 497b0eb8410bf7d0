package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps reservations on up to {@link #MAX_RELAYS} connected relays while this node is not known to
 * be publicly reachable, refreshes each halfway to its expiry and publishes the resulting {@code
 * /p2p-circuit} addresses.
 */
public final class AutoRelay {
  private static final System.Logger LOG = System.getLogger(AutoRelay.class.getName());

  /** Relays holding a reservation for this node at once. */
  public static final int MAX_RELAYS = 2;

  /** A relay that refused or failed is not asked again before this. */
  public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  /** One held reservation and when to refresh it. */
  private record Held(Reserver.Granted granted, Instant refreshAt) {}

  private final Libp2pHost host;
  private final Clock clock;
  private final Function<PeerId, List<String>> protocolsOf;
  private final BooleanSupplier wanted;
  private final Consumer<List<String>> publish;
  private final Map<PeerId, Held> held = new java.util.LinkedHashMap<>();
  private final Set<PeerId> asking = new HashSet<>();
  private final Map<PeerId, Instant> failed = new HashMap<>();
  private List<String> published = List.of();

  /**
   * @param protocolsOf the protocols a peer announced (identify), to find relays
   * @param wanted whether reservations are needed now (not known to be publicly reachable)
   * @param publish receives the circuit addresses whenever they change
   */
  public AutoRelay(
      Libp2pHost host,
      Clock clock,
      Function<PeerId, List<String>> protocolsOf,
      BooleanSupplier wanted,
      Consumer<List<String>> publish) {
    this.host = host;
    this.clock = clock;
    this.protocolsOf = protocolsOf;
    this.wanted = wanted;
    this.publish = publish;
  }

  /** True when {@code relay} holds a reservation for this node (it may open stop streams). */
  public synchronized boolean holds(PeerId relay) {
    return held.containsKey(relay);
  }

  /** This node's circuit addresses, each ending in {@code /p2p/SELF}. */
  public synchronized List<String> addresses() {
    return published;
  }

  /** Drops lost or lapsed reservations, refreshes due ones and asks new relays when short. */
  public void tick() {
    Instant now = clock.instant();
    List<Connection> toAsk = new ArrayList<>();
    synchronized (this) {
      boolean want = wanted.getAsBoolean();
      held.entrySet()
          .removeIf(
              e -> {
                Connection c = host.connection(e.getKey());
                return !want
                    || c == null
                    || c.relayed()
                    || !e.getValue().granted().expires().isAfter(now);
              });
      failed.values().removeIf(t -> t.isBefore(now));
      for (Map.Entry<PeerId, Held> e : held.entrySet()) {
        if (!e.getValue().refreshAt().isAfter(now) && asking.add(e.getKey())) {
          toAsk.add(host.connection(e.getKey()));
        }
      }
      if (want) {
        for (Connection c : host.connections()) {
          if (held.size() + asking.size() >= MAX_RELAYS) {
            break;
          }
          PeerId p = c.peer();
          if (!c.relayed()
              && !held.containsKey(p)
              && !failed.containsKey(p)
              && protocolsOf.apply(p).contains(RelayProtocol.HOP_ID)
              && asking.add(p)) {
            toAsk.add(c);
          }
        }
      }
      republish();
    }
    toAsk.forEach(this::ask);
  }

  private void ask(Connection relay) {
    PeerId peer = relay.peer();
    Reserver.reserve(relay, host.self())
        .whenComplete(
            (granted, e) -> {
              synchronized (this) {
                asking.remove(peer);
                if (e != null) {
                  LOG.log(Level.DEBUG, "no reservation on {0}: {1}", peer, e.toString());
                  held.remove(peer);
                  failed.put(peer, clock.instant().plus(RETRY_AFTER));
                } else {
                  Instant now = clock.instant();
                  Duration life = Duration.between(now, granted.expires());
                  held.put(peer, new Held(granted, now.plus(life.dividedBy(2))));
                }
                republish();
              }
            });
  }

  private void republish() {
    List<String> now =
        held.values().stream()
            .flatMap(h -> h.granted().circuits().stream())
            .map(Multiaddr::toString)
            .toList();
    if (!now.equals(published)) {
      published = now;
      publish.accept(now);
    }
  }
}
