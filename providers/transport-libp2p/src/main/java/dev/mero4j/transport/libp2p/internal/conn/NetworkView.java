package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * What this node learns about its own place in the network: the addresses peers observe it at
 * (identify), its reachability (AutoNAT) and its relay addresses (circuit relay reservations).
 * Thread-safe; the helpers that learn these things call the setters.
 */
public final class NetworkView {
  /** At most this many observed addresses are kept, the least recently seen dropped first. */
  public static final int MAX_OBSERVED = 16;

  /** Observed address → how many times a peer reported it; access order, newest last. */
  private final LinkedHashMap<Multiaddr, Integer> observed = new LinkedHashMap<>(16, 0.75f, true);

  private volatile Reachability reachability = Reachability.UNKNOWN;
  private volatile List<String> relayAddresses = List.of();
  private volatile boolean probed;

  /** Records that a peer saw this node at {@code address} (identify's observedAddr). */
  public synchronized void observed(Multiaddr address) {
    observed.merge(address, 1, Integer::sum);
    if (observed.size() > MAX_OBSERVED) {
      observed.remove(observed.keySet().iterator().next());
    }
  }

  /** The observed addresses, least recently reported first. */
  public synchronized List<Multiaddr> observedAddresses() {
    return List.copyOf(observed.keySet());
  }

  /** How many reports named {@code address} (0 when unknown or dropped). */
  public synchronized int observations(Multiaddr address) {
    return observed.getOrDefault(address, 0);
  }

  public Reachability reachability() {
    return reachability;
  }

  /** Sets the reachability verdict (AutoNAT). */
  public void reachability(Reachability verdict) {
    this.reachability = Objects.requireNonNull(verdict, "verdict");
  }

  /** Marks the first round of AutoNAT probes as over. */
  public void probed() {
    this.probed = true;
  }

  /**
   * Whether to hold relay reservations: when AutoNAT found this node private, or could not tell
   * after its first round of probes (a node nobody can vouch for is better reachable by relay).
   */
  public boolean wantsRelays() {
    Reachability r = reachability;
    return r == Reachability.PRIVATE || (r == Reachability.UNKNOWN && probed);
  }

  public List<String> relayAddresses() {
    return relayAddresses;
  }

  /** Replaces the {@code /p2p-circuit} addresses this node can be reached at. */
  public void relayAddresses(List<String> addresses) {
    this.relayAddresses = List.copyOf(addresses);
  }

  /** A snapshot for operators. */
  public NetworkStatus status(
      List<String> listenAddresses, List<Connection> connections, int routingTableSize) {
    List<ConnectionInfo> infos = new ArrayList<>();
    for (Connection c : connections) {
      infos.add(
          new ConnectionInfo(
              c.peer(), c.remoteAddress().toString(), c.outbound(), relayed(c.remoteAddress())));
    }
    return new NetworkStatus(
        reachability,
        listenAddresses,
        observedAddresses().stream().map(Multiaddr::toString).toList(),
        relayAddresses,
        routingTableSize,
        infos);
  }

  /** Whether the bytes of a connection at {@code remote} pass through a circuit relay. */
  public static boolean relayed(Multiaddr remote) {
    return remote.components().stream().anyMatch(c -> c.name().equals("p2p-circuit"));
  }
}
