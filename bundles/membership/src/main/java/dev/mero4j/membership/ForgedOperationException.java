package dev.mero4j.membership;

/** A governance op whose signature does not verify, or a second genesis for one context. */
public class ForgedOperationException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public ForgedOperationException(String message) {
    super(message);
  }

  public ForgedOperationException(String message, Throwable cause) {
    super(message, cause);
  }
}
