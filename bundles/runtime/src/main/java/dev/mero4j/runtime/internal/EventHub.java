package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.EventSubscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers context events to subscribers, numbered by a node-wide sequence. Listeners run on the
 * committing thread and must hand work off rather than block.
 */
public final class EventHub {
  private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  private record Subscriber(Set<ContextId> contexts, Consumer<ContextEvent> listener) {}

  public EventSubscription subscribe(Set<ContextId> contexts, Consumer<ContextEvent> listener) {
    Subscriber subscriber = new Subscriber(Set.copyOf(contexts), listener);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(ContextId context, Hash newRoot, List<AppEvent> events) {
    ContextEvent event =
        new ContextEvent(
            sequence.incrementAndGet(), context, ContextEvent.Type.StateMutation, newRoot, events);
    for (Subscriber s : subscribers) {
      if (s.contexts().isEmpty() || s.contexts().contains(context)) {
        try {
          s.listener().accept(event);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "event listener failed", e);
        }
      }
    }
  }
}
