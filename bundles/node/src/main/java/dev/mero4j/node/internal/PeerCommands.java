package dev.mero4j.node.internal;

import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.PeerConnectionException;
import dev.mero4j.server.PeerConnectionException.Reason;
import dev.mero4j.transport.api.NetworkStatus;
import dev.mero4j.transport.api.NetworkStatus.ConnectionInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's view of a running transport and the peer commands on it (list, connect,
 * disconnect, network status), shared by the admin API and the console.
 */
public final class PeerCommands {
  private PeerCommands() {}

  /** The connected peers, one entry per peer, sorted by peer id. */
  public static List<NodeInfo.Peer> peers(Transport transport) {
    Map<PeerId, List<ConnectionInfo>> byPeer = new TreeMap<>();
    for (ConnectionInfo c : transport.networkStatus().connections()) {
      byPeer.computeIfAbsent(c.peer(), p -> new ArrayList<>()).add(c);
    }
    for (PeerId p : transport.connectedPeers()) {
      byPeer.computeIfAbsent(p, x -> new ArrayList<>());
    }
    List<NodeInfo.Peer> out = new ArrayList<>();
    byPeer.forEach(
        (peer, connections) -> {
          List<String> addresses =
              connections.stream()
                  .map(ConnectionInfo::remoteAddress)
                  .filter(a -> !a.isEmpty())
                  .distinct()
                  .toList();
          String direction =
              connections.isEmpty()
                  ? "unknown"
                  : connections.get(0).outbound() ? "outbound" : "inbound";
          boolean relayed =
              !connections.isEmpty() && connections.stream().allMatch(ConnectionInfo::relayed);
          out.add(
              new NodeInfo.Peer(
                  peer.value(), addresses, direction, relayed, transport.agentVersion(peer)));
        });
    return out;
  }

  /** The transport's network status in the admin API's terms. */
  public static NodeInfo.NetworkStatus status(Transport transport, List<String> dialable) {
    NetworkStatus s = transport.networkStatus();
    return new NodeInfo.NetworkStatus(
        true,
        dialable,
        transport.connectedPeers().size(),
        s.reachability().name().toLowerCase(Locale.ROOT),
        s.observedAddresses(),
        s.relayAddresses(),
        s.routingTableSize(),
        s.connections().size());
  }

  /** Dials {@code address} and waits at most {@code timeout}; the peer reached. */
  public static String connect(Transport transport, String address, Duration timeout) {
    try {
      return transport
          .dial(address)
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .value();
    } catch (TimeoutException e) {
      throw new PeerConnectionException(
          Reason.TIMEOUT, "no connection to " + address + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerConnectionException(Reason.UNREACHABLE, "interrupted while connecting", e);
    } catch (ExecutionException | CompletionException e) {
      throw refused(address, e.getCause() == null ? e : e.getCause());
    } catch (IllegalArgumentException e) {
      throw invalid(address, e);
    }
  }

  private static PeerConnectionException refused(String address, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException bad) {
        return invalid(address, bad);
      }
    }
    return new PeerConnectionException(
        Reason.UNREACHABLE, "cannot connect to " + address + ": " + cause.getMessage(), cause);
  }

  private static PeerConnectionException invalid(String address, IllegalArgumentException e) {
    return new PeerConnectionException(
        Reason.INVALID_ADDRESS, "bad multiaddr " + address + ": " + e.getMessage(), e);
  }

  /** Closes every connection to {@code peerId}, refusing peers that are not connected. */
  public static void disconnect(Transport transport, String peerId) {
    PeerId peer;
    try {
      peer = new PeerId(peerId);
    } catch (IllegalArgumentException e) {
      throw new PeerConnectionException(Reason.INVALID_ADDRESS, "bad peer id: " + e.getMessage());
    }
    if (!transport.connectedPeers().contains(peer)) {
      throw new PeerConnectionException(Reason.NOT_CONNECTED, "not connected to " + peerId);
    }
    transport.disconnect(peer);
  }
}
