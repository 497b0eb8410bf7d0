package dev.mero4j.runtime.api;

/** A live event subscription; closing it stops delivery. */
public interface EventSubscription extends AutoCloseable {
  @Override
  void close();
}
