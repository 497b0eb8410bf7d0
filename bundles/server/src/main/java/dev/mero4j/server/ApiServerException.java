package dev.mero4j.server;

/** The API server cannot start with its configuration; the message is meant for operators. */
public class ApiServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ApiServerException(String message) {
    super(message);
  }

  public ApiServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
