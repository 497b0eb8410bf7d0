package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the gossip waiting for the replication worker, in messages and bytes: past either, a
 * message is dropped (sync recovers what honest peers sent), and its sender is penalised only when
 * it alone holds more than its share of the queue, so honest peers refused under load are not
 * treated as flooders.
 */
public final class GossipQueue {
  /** Gossip messages waiting to be applied, all contexts together. */
  static final int MAX_QUEUED = 4096;

  /** Bytes of gossip waiting to be applied. */
  static final long MAX_QUEUED_BYTES = 64L << 20;

  /** Share of the queue one sender may hold before a drop counts as its flood. */
  static final int FLOODER_SHARE = MAX_QUEUED / 8;

  private final Transport transport;
  private final ReplicationWork work;
  private final Map<PeerId, Integer> perPeer = new HashMap<>();
  private long dropped;
  private int queued;
  private long bytes;

  public GossipQueue(Transport transport, ReplicationWork work) {
    this.transport = transport;
    this.work = work;
  }

  /** Queues {@code apply} for {@code message} on the worker, or drops it when the queue is full. */
  public void offer(Message message, Runnable apply) {
    PeerId from = message.from();
    int size = message.payload().length;
    boolean full;
    boolean flooder = false;
    synchronized (this) {
      full = queued >= MAX_QUEUED || bytes + size > MAX_QUEUED_BYTES;
      if (full) {
        dropped++;
        flooder = perPeer.getOrDefault(from, 0) >= FLOODER_SHARE;
      } else {
        queued++;
        bytes += size;
        perPeer.merge(from, 1, Integer::sum);
      }
    }
    if (full) {
      if (flooder) {
        transport.penalize(from, "gossip flood past the apply queue");
      }
      return;
    }
    work.apply(
        "gossip",
        () -> {
          try {
            apply.run();
          } finally {
            done(from, size);
          }
        });
  }

  private synchronized void done(PeerId from, int size) {
    queued--;
    bytes -= size;
    perPeer.computeIfPresent(from, (peer, n) -> n == 1 ? null : n - 1);
  }

  /** Messages waiting now. */
  public synchronized int queued() {
    return queued;
  }

  /** Messages dropped because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
