package dev.mero4j.runtime.api;

/** The application trapped or panicked; all its writes were discarded. */
public class ExecutionFailedException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public ExecutionFailedException(String message) {
    super(message);
  }

  public ExecutionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
