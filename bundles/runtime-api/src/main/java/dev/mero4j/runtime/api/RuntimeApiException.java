package dev.mero4j.runtime.api;

/**
 * Root of the errors raised by the application runtime; each subtype maps to one client error code.
 */
public class RuntimeApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuntimeApiException(String message) {
    super(message);
  }

  public RuntimeApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
