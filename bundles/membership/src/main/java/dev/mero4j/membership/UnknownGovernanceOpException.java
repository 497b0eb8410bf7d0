package dev.mero4j.membership;

/** A governance position naming an op this node has not applied (yet). */
public class UnknownGovernanceOpException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public UnknownGovernanceOpException(String message) {
    super(message);
  }

  public UnknownGovernanceOpException(String message, Throwable cause) {
    super(message, cause);
  }
}
