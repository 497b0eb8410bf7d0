package dev.mero4j.membership;

/** Bytes or text that do not decode to a governance op, invitation, key or sealed payload. */
public class MalformedMembershipDataException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public MalformedMembershipDataException(String message) {
    super(message);
  }

  public MalformedMembershipDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
