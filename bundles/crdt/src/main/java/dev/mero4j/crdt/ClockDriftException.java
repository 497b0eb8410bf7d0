package dev.mero4j.crdt;

/** A remote hybrid timestamp further in the future than the configured drift allows. */
public class ClockDriftException extends CrdtException {
  private static final long serialVersionUID = 1L;

  public ClockDriftException(String message) {
    super(message);
  }

  public ClockDriftException(String message, Throwable cause) {
    super(message, cause);
  }
}
