package dev.mero4j.transport.api;

/**
 * Decides, before delivery, whether a message received on a topic is valid; called on a network
 * thread, so it must be quick.
 */
@FunctionalInterface
public interface TopicValidator {
  /** What to do with a received message. */
  enum Result {
    /** Deliver it and pass it on to other peers. */
    ACCEPT,
    /** Drop it quietly (for example, a duplicate the application already has). */
    IGNORE,
    /** Drop it and penalise the peer that sent it (it is invalid, not merely unwanted). */
    REJECT
  }

  Result validate(Message message);
}
