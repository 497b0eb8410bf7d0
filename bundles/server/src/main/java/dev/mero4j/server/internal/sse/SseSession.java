package dev.mero4j.server.internal.sse;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.server.internal.events.EventHub;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An SSE session: subscriptions, a per-session event counter and a bounded replay buffer, so a
 * client that reconnects with {@code Last-Event-ID: <session>-<n>} gets every event after n that is
 * still buffered (Calimero drops them), and is told explicitly when some are gone.
 *
 * <pre>
 * runtime ─▶ EventHub ─▶ session.deliver ─▶ ring buffer (last N) ─▶ live stream queue, if attached
 *                                              ▲
 *                       reconnect(last n) ─────┘ replays entries &gt; n, then attaches
 * </pre>
 */
final class SseSession implements EventHub.Listener {
  /** An event with its per-session number and the SSE data line. */
  record Entry(long number, String data) {}

  /** What a (re)attaching stream must send first. */
  record Resume(List<Entry> replay, Optional<long[]> gap) {}

  private final String id;
  private final String owner;
  private final int capacity;
  private final Set<ContextId> subscriptions = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<Entry> ring = new ArrayDeque<>();
  private long counter;
  private SseConnection connection;
  private long lastActiveMillis;

  SseSession(String id, String owner, int capacity, long nowMillis) {
    this.id = id;
    this.owner = owner;
    this.capacity = capacity;
    this.lastActiveMillis = nowMillis;
  }

  String id() {
    return id;
  }

  String owner() {
    return owner;
  }

  Set<ContextId> subscriptions() {
    return subscriptions;
  }

  @Override
  public boolean wants(ContextId context) {
    return subscriptions.contains(context);
  }

  @Override
  public synchronized void deliver(ContextId context, String payloadJson) {
    Entry entry = new Entry(++counter, "{\"result\":" + payloadJson + "}");
    ring.addLast(entry);
    if (ring.size() > capacity) {
      ring.removeFirst();
    }
    if (connection != null) {
      connection.offer(entry);
    }
  }

  /**
   * Attaches a new stream, closing the previous one, and returns what to replay after {@code
   * lastSeen}.
   */
  synchronized Resume attach(SseConnection stream, long lastSeen, long nowMillis) {
    if (connection != null) {
      connection.close();
    }
    connection = stream;
    lastActiveMillis = nowMillis;
    Optional<long[]> gap = Optional.empty();
    long oldest = ring.isEmpty() ? counter + 1 : ring.peekFirst().number();
    if (lastSeen < counter && lastSeen + 1 < oldest) {
      gap = Optional.of(new long[] {lastSeen + 1, oldest - 1});
    }
    List<Entry> replay = ring.stream().filter(e -> e.number() > lastSeen).toList();
    return new Resume(replay, gap);
  }

  synchronized void detach(SseConnection stream, long nowMillis) {
    if (connection == stream) {
      connection = null;
    }
    lastActiveMillis = nowMillis;
  }

  synchronized void closeStream() {
    if (connection != null) {
      connection.close();
    }
  }

  synchronized long counter() {
    return counter;
  }

  synchronized boolean connected() {
    return connection != null;
  }

  synchronized boolean expired(long nowMillis, long ttlMillis) {
    return connection == null && nowMillis - lastActiveMillis > ttlMillis;
  }

  synchronized void touch(long nowMillis) {
    lastActiveMillis = nowMillis;
  }
}
