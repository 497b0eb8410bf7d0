package dev.mero4j.crdt;

/** An action its author may not perform: another identity's user slot, or a frozen value. */
public class UnauthorizedActionException extends CrdtException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedActionException(String message) {
    super(message);
  }

  public UnauthorizedActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
