package dev.mero4j.membership;

/** An author who was not a member in the governance state its write points at. */
public class NotAMemberException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public NotAMemberException(String message) {
    super(message);
  }

  public NotAMemberException(String message, Throwable cause) {
    super(message, cause);
  }
}
