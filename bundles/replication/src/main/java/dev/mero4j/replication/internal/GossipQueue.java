package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Bounds the gossip waiting for the replication worker, in messages and bytes, overall and per
 * remote host ({@link RemoteHost}, so peer ids minted on one machine share one share): past either,
 * a message is dropped (sync recovers what honest peers sent), and its sender is penalised only
 * when it alone holds more than its share of the queue, so honest peers refused under load are not
 * treated as flooders.
 */
public final class GossipQueue {
  /** Gossip messages waiting to be applied, all contexts together. */
  static final int MAX_QUEUED = 4096;

  /** Bytes of gossip waiting to be applied. */
  static final long MAX_QUEUED_BYTES = 64L << 20;

  /** Share of the queue one sender may hold before a drop counts as its flood. */
  static final int FLOODER_SHARE = MAX_QUEUED / 8;

  /** Messages the peers of one remote host may hold: four hosts never fill the queue alone. */
  static final int MAX_QUEUED_PER_HOST = MAX_QUEUED / 4;

  /** Bytes the peers of one remote host may hold. */
  static final long MAX_QUEUED_BYTES_PER_HOST = MAX_QUEUED_BYTES / 4;

  /**
   * Messages the peers on this machine may hold together: a local cluster shares one address, so it
   * gets most of the queue, but a remote host still gets through.
   */
  static final int MAX_QUEUED_LOOPBACK = MAX_QUEUED * 3 / 4;

  /** Bytes the peers on this machine may hold together. */
  static final long MAX_QUEUED_BYTES_LOOPBACK = MAX_QUEUED_BYTES * 3 / 4;

  private final Transport transport;
  private final OrderedStage stage;
  private final Map<PeerId, Integer> perPeer = new HashMap<>();
  private final Map<RemoteHost, Held> perHost = new HashMap<>();
  private long dropped;
  private int queued;
  private long bytes;

  private static final class Held {
    int messages;
    long bytes;
  }

  public GossipQueue(Transport transport, ReplicationWork work) {
    this.transport = transport;
    this.stage = new OrderedStage(work);
  }

  /**
   * Queues {@code apply} for {@code message} on the worker, or drops it when the queue or its
   * host's share is full; {@code apply} is told the host the message came through, when known.
   */
  public void offer(Message message, Consumer<Optional<RemoteHost>> apply) {
    offerChecked(message, host -> () -> apply.accept(host));
  }

  /**
   * Runs {@code check} for {@code message} on the verification stage, then what it returns on the
   * worker, messages in the order they were offered; or drops the message when the queue or its
   * host's share is full. A message counts against the bounds until it is applied.
   */
  public void offerChecked(Message message, Function<Optional<RemoteHost>, Runnable> check) {
    PeerId from = message.from();
    Optional<RemoteHost> host = RemoteHost.of(transport, message.via());
    int size = message.payload().length;
    boolean full;
    boolean flooder = false;
    synchronized (this) {
      full =
          queued >= MAX_QUEUED
              || bytes + size > MAX_QUEUED_BYTES
              || host.map(h -> hostFull(h, size)).orElse(false);
      if (full) {
        dropped++;
        flooder = perPeer.getOrDefault(from, 0) >= FLOODER_SHARE;
      } else {
        hold(from, host, size, 1);
      }
    }
    if (full) {
      if (flooder) {
        transport.penalize(from, "gossip flood past the apply queue");
      }
      return;
    }
    stage.submit(() -> check.apply(host), () -> release(from, host, size));
  }

  private synchronized void release(PeerId from, Optional<RemoteHost> host, int size) {
    hold(from, host, size, -1);
  }

  private boolean hostFull(RemoteHost host, int size) {
    Held held = perHost.getOrDefault(host, new Held());
    boolean local = host.loopback();
    return held.messages >= (local ? MAX_QUEUED_LOOPBACK : MAX_QUEUED_PER_HOST)
        || held.bytes + size > (local ? MAX_QUEUED_BYTES_LOOPBACK : MAX_QUEUED_BYTES_PER_HOST);
  }

  /** Adds ({@code sign} 1) or removes ({@code sign} -1) one message of {@code size} bytes. */
  private void hold(PeerId from, Optional<RemoteHost> host, int size, int sign) {
    queued += sign;
    bytes += (long) sign * size;
    perPeer.merge(from, sign, Integer::sum);
    perPeer.remove(from, 0);
    host.ifPresent(
        h -> {
          Held held = perHost.computeIfAbsent(h, k -> new Held());
          held.messages += sign;
          held.bytes += (long) sign * size;
          if (held.messages == 0) {
            perHost.remove(h);
          }
        });
  }

  /** Messages waiting now. */
  public synchronized int queued() {
    return queued;
  }

  /** Messages dropped because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Messages from the peers of {@code host} waiting now. */
  public synchronized int queued(RemoteHost host) {
    Held held = perHost.get(host);
    return held == null ? 0 : held.messages;
  }
}
