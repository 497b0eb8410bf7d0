package dev.mero4j.runtime.api;

/** Bytes that are not an installable application (bad module, bad manifest, ABI mismatch). */
public class InvalidApplicationException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public InvalidApplicationException(String message) {
    super(message);
  }

  public InvalidApplicationException(String message, Throwable cause) {
    super(message, cause);
  }
}
