package dev.mero4j.transport.api;

/** A topic membership; closing it leaves the topic. */
public interface Subscription extends AutoCloseable {
  String topic();

  @Override
  void close();
}
