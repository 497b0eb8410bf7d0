package dev.mero4j.server;

/**
 * The swap request itself is invalid, such as listen addresses that are no multiaddrs (HTTP 400).
 */
public final class ProviderRequestException extends ProviderAdminException {
  private static final long serialVersionUID = 1L;

  public ProviderRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
