package dev.mero4j.runtime.api;

/** No application with the given id on this node. */
public class UnknownApplicationException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownApplicationException(String message) {
    super(message);
  }

  public UnknownApplicationException(String message, Throwable cause) {
    super(message, cause);
  }
}
