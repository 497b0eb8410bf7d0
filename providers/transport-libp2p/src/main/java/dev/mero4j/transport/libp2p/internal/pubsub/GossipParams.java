package dev.mero4j.transport.libp2p.internal.pubsub;

import java.time.Duration;

/**
 * Gossipsub parameters; {@link #SMALL_CLUSTER} follows Calimero (D=4, D_lo=2, D_hi=8, D_out=1,
 * flood publish).
 *
 * @param d target mesh degree
 * @param dLo mesh degree below which the heartbeat grafts
 * @param dHi mesh degree above which the heartbeat prunes
 * @param dLazy peers that receive IHAVE gossip per topic
 * @param dOut outbound peers kept in the mesh when pruning
 * @param heartbeat mesh maintenance period
 * @param fanoutTtl how long a fanout set lives after the last publish
 * @param pruneBackoff how long a pruned peer may not be grafted again
 * @param historyLength heartbeats a message stays in the cache for IWANT
 * @param historyGossip heartbeats of cached ids advertised in IHAVE
 * @param seenTtl how long a message id is remembered for de-duplication
 * @param floodPublish publish own messages to every subscribed peer, not only the mesh
 * @param maxQueuedPerTopic messages kept while nobody has joined a topic
 */
public record GossipParams(
    int d,
    int dLo,
    int dHi,
    int dLazy,
    int dOut,
    Duration heartbeat,
    Duration fanoutTtl,
    Duration pruneBackoff,
    int historyLength,
    int historyGossip,
    Duration seenTtl,
    boolean floodPublish,
    int maxQueuedPerTopic) {
  public static final GossipParams SMALL_CLUSTER =
      new GossipParams(
          4,
          2,
          8,
          6,
          1,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          5,
          3,
          Duration.ofMinutes(2),
          true,
          1024);
}
