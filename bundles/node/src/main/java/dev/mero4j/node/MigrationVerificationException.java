package dev.mero4j.node;

/** The migrated store differs from the live one (entries or a context's root hash); rolled back. */
public final class MigrationVerificationException extends SwapException {
  private static final long serialVersionUID = 1L;

  public MigrationVerificationException(String message) {
    super(message);
  }
}
