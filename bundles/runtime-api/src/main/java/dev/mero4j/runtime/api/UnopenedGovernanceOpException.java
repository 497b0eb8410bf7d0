package dev.mero4j.runtime.api;

/**
 * A peer's governance op sealed under a key this node does not hold: one an op it has not received
 * yet introduced (it is behind, and a pull from the sender catches it up), one it was not given, or
 * junk. Nothing of it was applied.
 */
public class UnopenedGovernanceOpException extends RejectedGovernanceOpException {
  private static final long serialVersionUID = 1L;

  public UnopenedGovernanceOpException(String message, Throwable cause) {
    super(message, cause);
  }
}
