package dev.mero4j.runtime.api;

/** The executor is not allowed to perform this call in this context. */
public class UnauthorizedException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(message);
  }

  public UnauthorizedException(String message, Throwable cause) {
    super(message, cause);
  }
}
