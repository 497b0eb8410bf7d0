package dev.mero4j.primitives;

/** Bytes or text that do not decode to the value they claim to hold. */
public class MalformedEncodingException extends PrimitiveException {
  private static final long serialVersionUID = 1L;

  public MalformedEncodingException(String message) {
    super(message);
  }

  public MalformedEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
