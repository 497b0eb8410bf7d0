package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries a join request over {@code /mero4j/sync/1} to the connected peers in turn; the first that
 * holds the context and answers (accepting or refusing) decides. Peers that do not hold it reset
 * the stream.
 */
public final class JoinClient implements ContextJoiner {
  private final Transport transport;
  private final SyncRequests requests;

  public JoinClient(Transport transport, Duration timeout) {
    this.transport = transport;
    this.requests = new SyncRequests(transport, timeout);
  }

  @Override
  public byte[] requestJoin(ContextId context, byte[] joinRequest) {
    List<PeerId> peers = List.copyOf(transport.connectedPeers());
    if (peers.isEmpty()) {
      throw new JoinUnavailableException("no connected peer to ask for " + context);
    }
    List<String> failures = new ArrayList<>();
    for (PeerId peer : peers) {
      try {
        return requests
            .ask(peer, new SyncFrame.JoinRequest(joinRequest), SyncFrame.JoinResponse.class)
            .response();
      } catch (TransportException e) {
        failures.add(peer + ": " + e.getMessage());
      }
    }
    throw new JoinUnavailableException(
        "no connected peer admitted this node to "
            + context
            + " ("
            + String.join("; ", failures)
            + ")");
  }
}
