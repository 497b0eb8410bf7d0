package dev.mero4j.crdt;

/** Bytes that do not decode to a well-formed delta, action or snapshot. */
public class MalformedDeltaException extends CrdtException {
  private static final long serialVersionUID = 1L;

  public MalformedDeltaException(String message) {
    super(message);
  }

  public MalformedDeltaException(String message, Throwable cause) {
    super(message, cause);
  }
}
