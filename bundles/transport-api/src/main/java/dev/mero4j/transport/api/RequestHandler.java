package dev.mero4j.transport.api;

/** Answers one request of a request/response protocol. */
@FunctionalInterface
public interface RequestHandler {
  /** Returns the response bytes; throwing resets the stream and the requester sees an error. */
  byte[] handle(PeerId from, byte[] request);
}
