package dev.mero4j.runtime.api;

/**
 * A delta from a peer that was refused: malformed bytes, a bad signature, another context, or
 * actions that do not fit the state. Nothing of it was applied.
 */
public class RejectedDeltaException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public RejectedDeltaException(String message) {
    super(message);
  }

  public RejectedDeltaException(String message, Throwable cause) {
    super(message, cause);
  }
}
