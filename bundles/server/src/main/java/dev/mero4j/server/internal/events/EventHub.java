package dev.mero4j.server.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.EventSubscription;
import dev.mero4j.server.internal.http.Json;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's single subscription to the runtime: each context event is serialized once to
 * Calimero's {@code {contextId, type, data}} payload and handed to every WebSocket and SSE listener
 * that wants its context. Listeners must not block.
 */
public final class EventHub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

  private final ContextService contexts;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private EventSubscription subscription;

  /** A WebSocket connection or an SSE session. */
  public interface Listener {
    boolean wants(ContextId context);

    /** Called on the runtime's thread; must only enqueue. */
    void deliver(ContextId context, String payloadJson);
  }

  public EventHub(ContextService contexts) {
    this.contexts = contexts;
  }

  public synchronized void start() {
    if (subscription == null) {
      subscription = contexts.subscribe(Set.of(), this::publish);
    }
  }

  public void add(Listener listener) {
    listeners.add(listener);
  }

  public void remove(Listener listener) {
    listeners.remove(listener);
  }

  public int listenerCount() {
    return listeners.size();
  }

  void publish(ContextEvent event) {
    String payload = payload(event);
    for (Listener listener : listeners) {
      try {
        if (listener.wants(event.context())) {
          listener.deliver(event.context(), payload);
        }
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "an event listener failed; it keeps its subscription", e);
      }
    }
  }

  /**
   * {@code
   * {"contextId","type":"StateMutation","data":{"newRoot","events":[{"kind","data","handler"?}]}}}.
   */
  public static String payload(ContextEvent event) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("contextId", event.context().toBase58());
    root.put("type", event.type().name());
    ObjectNode data = root.putObject("data");
    data.put("newRoot", event.newRoot().toBase58());
    ArrayNode events = data.putArray("events");
    for (AppEvent appEvent : event.events()) {
      ObjectNode item = events.addObject();
      item.put("kind", appEvent.kind());
      item.set("data", dataValue(appEvent.dataJson()));
      appEvent.handler().ifPresent(h -> item.put("handler", h));
    }
    return root.toString();
  }

  private static JsonNode dataValue(String dataJson) {
    if (dataJson == null) {
      return Json.mapper().nullNode();
    }
    try {
      return Json.mapper().readTree(dataJson);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(dataJson);
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    listeners.clear();
  }
}
