package dev.mero4j.crdt;

/** An action that refers to an entity, element or slot the state does not hold. */
public class InvalidActionException extends CrdtException {
  private static final long serialVersionUID = 1L;

  public InvalidActionException(String message) {
    super(message);
  }

  public InvalidActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
