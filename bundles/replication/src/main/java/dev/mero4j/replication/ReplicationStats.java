package dev.mero4j.replication;

/**
 * What replication did since the node started, for operators ({@code /metrics}): counters only ever
 * grow.
 *
 * @param gossipPublished delta and governance frames this node published on context topics
 * @param gossipApplied gossiped envelopes applied at once
 * @param gossipPending gossiped envelopes buffered to wait for parents or governance
 * @param gossipDuplicates gossiped envelopes this node already held
 * @param rejected envelopes, deltas and governance ops refused from peers
 * @param syncRounds sync rounds run (periodic, on demand, after a join)
 * @param syncPeerErrors peers that failed, stalled or were busy during a sync round
 * @param deltasFetched deltas applied from catch-up pages
 * @param taskFailures replication task runs that failed (each logged; replication goes on)
 */
public record ReplicationStats(
    long gossipPublished,
    long gossipApplied,
    long gossipPending,
    long gossipDuplicates,
    long rejected,
    long syncRounds,
    long syncPeerErrors,
    long deltasFetched,
    long taskFailures) {}
