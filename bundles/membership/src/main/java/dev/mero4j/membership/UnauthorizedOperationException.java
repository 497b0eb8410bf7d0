package dev.mero4j.membership;

/** A governance op whose signer lacked the role it needs in the state at the op's parents. */
public class UnauthorizedOperationException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedOperationException(String message) {
    super(message);
  }

  public UnauthorizedOperationException(String message, Throwable cause) {
    super(message, cause);
  }
}
