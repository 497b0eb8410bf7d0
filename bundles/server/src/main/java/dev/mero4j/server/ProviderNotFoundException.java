package dev.mero4j.server;

/** The capability, provider or swap job named does not exist (HTTP 404). */
public final class ProviderNotFoundException extends ProviderAdminException {
  private static final long serialVersionUID = 1L;

  public ProviderNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
