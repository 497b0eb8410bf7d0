package dev.mero4j.server;

/**
 * The swap conflicts with the node's state: the provider is already active or another swap runs
 * (HTTP 409).
 */
public final class ProviderConflictException extends ProviderAdminException {
  private static final long serialVersionUID = 1L;

  public ProviderConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
