package dev.mero4j.runtime.api;

/** Arguments that are not valid JSON or not what the method accepts. */
public class InvalidArgumentsException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentsException(String message) {
    super(message);
  }

  public InvalidArgumentsException(String message, Throwable cause) {
    super(message, cause);
  }
}
