package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.TransportClosedException;
import dev.mero4j.transport.api.TransportException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Sends the payloads published on batched topics ({@link PayloadBatch}) from one thread: whatever
 * queued while the previous message was being signed leaves as the next message, so a burst costs
 * one signature per batch instead of one per payload, and a lone payload leaves at once. Topics
 * take turns; each topic's payloads keep their order. Publishers wait while {@link
 * #MAX_PENDING_PAYLOADS} or {@link #MAX_PENDING_BYTES} are queued.
 */
public final class PayloadBatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PayloadBatcher.class.getName());

  /** Payloads queued at most before publishers wait. */
  public static final int MAX_PENDING_PAYLOADS = 65_536;

  /** Payload bytes queued at most before publishers wait. */
  public static final long MAX_PENDING_BYTES = 64L << 20;

  /** How long {@link #close} lets the thread send what is queued. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final BiConsumer<String, byte[]> send;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final Map<String, ArrayDeque<byte[]>> pending = new LinkedHashMap<>();
  private final Thread thread;
  private int count;
  private long bytes;
  private long batches;
  private boolean closed;

  private PayloadBatcher(BiConsumer<String, byte[]> send, String name) {
    this.send = send;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /**
   * Starts a batcher whose thread hands each batch ({@code topic}, {@link PayloadBatch} data) to
   * {@code send}.
   */
  public static PayloadBatcher start(BiConsumer<String, byte[]> send, String threadName) {
    PayloadBatcher b = new PayloadBatcher(send, threadName);
    b.thread.start();
    return b;
  }

  /** Queues {@code payload} for {@code topic}, waiting while the queue is full. */
  public void submit(String topic, byte[] payload) {
    if (payload.length > PayloadBatch.MAX_PAYLOAD) {
      throw new TransportException(
          "message of "
              + payload.length
              + " bytes exceeds the limit of "
              + PayloadBatch.MAX_PAYLOAD);
    }
    lock.lock();
    try {
      while (!closed
          && count > 0
          && (count >= MAX_PENDING_PAYLOADS || bytes + payload.length > MAX_PENDING_BYTES)) {
        room.await();
      }
      if (closed) {
        throw new TransportClosedException("transport is closed");
      }
      pending.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(payload);
      count++;
      bytes += payload.length;
      work.signal();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while the gossip queue was full", e);
    } finally {
      lock.unlock();
    }
  }

  /** Batches handed to the sender so far (each one gossip message, one signature). */
  public long batchesSent() {
    lock.lock();
    try {
      return batches;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      Map.Entry<String, List<byte[]>> batch;
      try {
        batch = next();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      try {
        send.accept(batch.getKey(), PayloadBatch.encode(batch.getValue()));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "gossip batch on " + batch.getKey() + " not sent", e);
      }
    }
  }

  /** Takes the first waiting topic's next batch (null once closed and empty). */
  private Map.Entry<String, List<byte[]>> next() throws InterruptedException {
    lock.lock();
    try {
      while (pending.isEmpty()) {
        if (closed) {
          return null;
        }
        work.await();
      }
      Iterator<Map.Entry<String, ArrayDeque<byte[]>>> first = pending.entrySet().iterator();
      Map.Entry<String, ArrayDeque<byte[]>> entry = first.next();
      String topic = entry.getKey();
      ArrayDeque<byte[]> queue = entry.getValue();
      List<byte[]> out = new ArrayList<>();
      int size = 1 + 2;
      while (!queue.isEmpty() && out.size() < PayloadBatch.MAX_COUNT) {
        int cost = PayloadBatch.cost(queue.peekFirst());
        if (!out.isEmpty() && size + cost > PubsubProtocol.MAX_PAYLOAD) {
          break;
        }
        byte[] p = queue.pollFirst();
        size += cost;
        bytes -= p.length;
        out.add(p);
      }
      first.remove();
      if (!queue.isEmpty()) {
        pending.put(topic, queue);
      }
      count -= out.size();
      batches++;
      room.signalAll();
      return Map.entry(topic, out);
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is queued (for at most {@link #CLOSE_WAIT}) and stops; later submits fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
