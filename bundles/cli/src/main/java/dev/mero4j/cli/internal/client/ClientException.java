package dev.mero4j.cli.internal.client;

/** A client command failed: the node refused the request or could not be reached. */
public class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
