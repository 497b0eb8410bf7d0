package dev.mero4j.runtime.api;

/**
 * No connected peer could answer a join request (none connected, none a member, or all timed out).
 */
public class JoinUnavailableException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public JoinUnavailableException(String message) {
    super(message);
  }

  public JoinUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
