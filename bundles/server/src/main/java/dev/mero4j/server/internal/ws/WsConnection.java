package dev.mero4j.server.internal.ws;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.events.EventHub;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket client: its subscriptions and a non-blocking outbound path that closes the
 * connection when the client stops reading instead of buffering without bound.
 */
final class WsConnection implements EventHub.Listener {
  /** Outbound frames in flight before the client counts as a slow consumer and is closed. */
  static final int MAX_PENDING_FRAMES = 1024;

  private final Session session;
  private final Caller caller;
  private final Set<ContextId> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();

  WsConnection(Session session, Caller caller) {
    this.session = session;
    this.caller = caller;
  }

  Caller caller() {
    return caller;
  }

  Set<ContextId> subscriptions() {
    return subscriptions;
  }

  @Override
  public boolean wants(ContextId context) {
    return subscriptions.contains(context);
  }

  @Override
  public void deliver(ContextId context, String payloadJson) {
    send("{\"id\":null,\"result\":" + payloadJson + "}");
  }

  void send(String text) {
    if (!session.isOpen()) {
      return;
    }
    if (pending.incrementAndGet() > MAX_PENDING_FRAMES) {
      pending.decrementAndGet();
      session.close(
          StatusCode.POLICY_VIOLATION, "slow consumer: too many undelivered frames", Callback.NOOP);
      return;
    }
    session.sendText(
        text, Callback.from(pending::decrementAndGet, failure -> pending.decrementAndGet()));
  }
}
