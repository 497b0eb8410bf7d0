package dev.mero4j.transport.loopback;

/** One unit travelling between two loopback nodes. */
sealed interface LoopbackEnvelope {
  /** Opens a link; the receiver answers with its own topics. */
  record Hello(java.util.Set<String> topics) implements LoopbackEnvelope {}

  /** Closes a link. */
  record Goodbye() implements LoopbackEnvelope {}

  record Joined(String topic) implements LoopbackEnvelope {}

  record Left(String topic) implements LoopbackEnvelope {}

  /** A topic message; {@code id} is unique per author and used for de-duplication. */
  record Publish(String topic, String id, dev.mero4j.transport.api.PeerId author, byte[] payload)
      implements LoopbackEnvelope {}

  record Request(long id, String protocol, byte[] body) implements LoopbackEnvelope {}

  /** A response; {@code error} is null on success. */
  record Response(long id, byte[] body, String error, boolean unsupported)
      implements LoopbackEnvelope {}
}
