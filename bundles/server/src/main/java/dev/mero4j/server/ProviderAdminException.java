package dev.mero4j.server;

/** Root of the refusals of a {@link ProviderAdmin}; the message is meant for operators. */
public class ProviderAdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProviderAdminException(String message, Throwable cause) {
    super(message, cause);
  }
}
