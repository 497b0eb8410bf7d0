package dev.mero4j.runtime.api;

/** An application cannot be deleted while contexts run it. */
public class ApplicationInUseException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public ApplicationInUseException(String message) {
    super(message);
  }

  public ApplicationInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
