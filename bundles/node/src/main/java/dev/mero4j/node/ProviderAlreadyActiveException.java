package dev.mero4j.node;

/** The swap target is the provider already active. */
public final class ProviderAlreadyActiveException extends SwapException {
  private static final long serialVersionUID = 1L;

  public ProviderAlreadyActiveException(String message) {
    super(message);
  }
}
