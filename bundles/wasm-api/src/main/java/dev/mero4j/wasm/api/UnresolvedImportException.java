package dev.mero4j.wasm.api;

/** A module imports something the host does not offer, or offers with another signature. */
public class UnresolvedImportException extends InvalidModuleException {
  private static final long serialVersionUID = 1L;

  public UnresolvedImportException(String message) {
    super(message);
  }

  public UnresolvedImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
