package dev.mero4j.server;

/** The configured host and port are taken by another process. */
public class AddressInUseException extends ApiServerException {
  private static final long serialVersionUID = 1L;

  public AddressInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
