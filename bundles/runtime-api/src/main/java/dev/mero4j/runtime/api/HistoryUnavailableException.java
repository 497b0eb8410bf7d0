package dev.mero4j.runtime.api;

/**
 * The delta is known but the state at it cannot be rebuilt here: this node caught up past it from a
 * peer's snapshot and never held the deltas before it.
 */
public class HistoryUnavailableException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public HistoryUnavailableException(String message) {
    super(message);
  }
}
