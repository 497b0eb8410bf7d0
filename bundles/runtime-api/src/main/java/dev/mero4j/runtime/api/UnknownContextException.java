package dev.mero4j.runtime.api;

/** No context with the given id on this node. */
public class UnknownContextException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownContextException(String message) {
    super(message);
  }

  public UnknownContextException(String message, Throwable cause) {
    super(message, cause);
  }
}
