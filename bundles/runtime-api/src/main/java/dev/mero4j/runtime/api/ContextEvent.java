package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.util.List;

/**
 * A state mutation of a context, local or remote, as delivered to subscribers.
 *
 * @param sequence node-wide, strictly increasing number of the event (used for SSE resume)
 */
public record ContextEvent(
    long sequence, ContextId context, Type type, Hash newRoot, List<AppEvent> events) {
  public ContextEvent {
    events = List.copyOf(events);
  }

  /** Kinds of context events. */
  public enum Type {
    StateMutation
  }
}
