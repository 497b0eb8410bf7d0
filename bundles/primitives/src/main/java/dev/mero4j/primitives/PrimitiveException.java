package dev.mero4j.primitives;

/** Root of the errors raised by the primitives bundle. */
public class PrimitiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PrimitiveException(String message) {
    super(message);
  }

  public PrimitiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
