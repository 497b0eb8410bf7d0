package dev.mero4j.membership;

/** Root of the errors raised by the membership bundle; callers branch on the subtype. */
public class MembershipException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MembershipException(String message) {
    super(message);
  }

  public MembershipException(String message, Throwable cause) {
    super(message, cause);
  }
}
