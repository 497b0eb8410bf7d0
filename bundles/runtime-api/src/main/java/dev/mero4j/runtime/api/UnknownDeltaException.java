package dev.mero4j.runtime.api;

/**
 * No applied delta with the given id in the context on this node (unknown, or still waiting for its
 * parents).
 */
public class UnknownDeltaException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownDeltaException(String message) {
    super(message);
  }
}
