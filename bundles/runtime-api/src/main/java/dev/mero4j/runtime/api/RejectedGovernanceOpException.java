package dev.mero4j.runtime.api;

/**
 * A governance op or sealed frame from a peer that was refused: it does not open, is malformed,
 * forged, or its signer was not allowed to issue it. Nothing of it was applied.
 */
public class RejectedGovernanceOpException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public RejectedGovernanceOpException(String message) {
    super(message);
  }

  public RejectedGovernanceOpException(String message, Throwable cause) {
    super(message, cause);
  }
}
