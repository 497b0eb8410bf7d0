package dev.mero4j.membership;

/**
 * A payload sealed under a context key this identity does not hold (a non-member, or a member
 * removed before that key).
 */
public class KeyUnavailableException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(String message) {
    super(message);
  }

  public KeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
