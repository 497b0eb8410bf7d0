package dev.mero4j.runtime.api;

/** The application has no method of that name. */
public class MethodNotFoundException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public MethodNotFoundException(String message) {
    super(message);
  }

  public MethodNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
