package dev.mero4j.crdt;

/** Root of the errors raised by the state engine; callers branch on the subtype. */
public class CrdtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CrdtException(String message) {
    super(message);
  }

  public CrdtException(String message, Throwable cause) {
    super(message, cause);
  }
}
