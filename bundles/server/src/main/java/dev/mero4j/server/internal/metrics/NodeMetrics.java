package dev.mero4j.server.internal.metrics;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.NodeInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator's series about the network: connected peers, what replication did, and where each
 * context's sync stands. Read from the node at each scrape; nothing is kept here.
 */
public final class NodeMetrics {
  private NodeMetrics() {}

  /** Registers the peer, replication and sync families on {@code metrics}. */
  public static void register(Metrics metrics, ContextService contexts, NodeInfo node) {
    metrics.gauge(
        "mero4j_peers_connected",
        "Connected peers by direction and whether every connection is relayed.",
        () -> {
          Map<String, Double> values = new HashMap<>();
          for (NodeInfo.Peer peer : node.peers()) {
            values.merge(
                "direction=\""
                    + Metrics.escape(peer.direction())
                    + "\",relayed=\""
                    + peer.relayed()
                    + "\"",
                1.0,
                Double::sum);
          }
          return values;
        });
    for (String counter :
        new String[] {
          "gossip_published",
          "gossip_applied",
          "gossip_pending",
          "gossip_duplicates",
          "rejected",
          "sync_rounds",
          "sync_peer_errors",
          "deltas_fetched"
        }) {
      metrics.scrapedCounter(
          "mero4j_replication_" + counter + "_total",
          HELP.get(counter),
          () -> {
            Long value = node.replicationCounters().get(counter);
            return value == null ? Map.of() : Map.of("", value.doubleValue());
          });
    }
    metrics.gauge(
        "mero4j_context_sync_state",
        "1 for each context's current sync state (idle, waitingForPeers, syncing,"
            + " receivingSnapshot, backingOff).",
        () -> {
          Map<String, Double> values = new HashMap<>();
          contexts
              .list()
              .forEach(
                  c -> {
                    ContextId id = c.id();
                    node.syncStatus(id)
                        .ifPresent(
                            s ->
                                values.put(
                                    "context=\""
                                        + id.toBase58()
                                        + "\",state=\""
                                        + Metrics.escape(s.state())
                                        + "\"",
                                    1.0));
                  });
          return values;
        });
  }

  private static final Map<String, String> HELP =
      Map.of(
          "gossip_published", "Delta and governance frames published on context topics.",
          "gossip_applied", "Gossiped envelopes applied at once.",
          "gossip_pending", "Gossiped envelopes buffered to wait for parents or governance.",
          "gossip_duplicates", "Gossiped envelopes this node already held.",
          "rejected", "Envelopes, deltas and governance ops refused from peers.",
          "sync_rounds", "Sync rounds run (periodic, on demand, after a join).",
          "sync_peer_errors", "Peers that failed, stalled or were busy during a sync round.",
          "deltas_fetched", "Deltas applied from catch-up pages.");
}
