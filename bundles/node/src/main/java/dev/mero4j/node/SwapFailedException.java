package dev.mero4j.node;

/**
 * The new provider failed during a swap (a store that cannot be written, a module that does not
 * compile); rolled back.
 */
public final class SwapFailedException extends SwapException {
  private static final long serialVersionUID = 1L;

  public SwapFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
