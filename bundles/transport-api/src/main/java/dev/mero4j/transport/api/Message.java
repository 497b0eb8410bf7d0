package dev.mero4j.transport.api;

/**
 * A message received on a topic, with the peer that authored it and the connected peer it arrived
 * from (the same peer unless another one passed it on).
 */
public record Message(String topic, PeerId from, byte[] payload, PeerId via) {
  /** A message that arrived straight from its author. */
  public Message(String topic, PeerId from, byte[] payload) {
    this(topic, from, payload, from);
  }
}
