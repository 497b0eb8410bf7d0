package dev.mero4j.transport.api;

/** Receives topic messages; called on a transport thread, so it must not block for long. */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(Message message);
}
