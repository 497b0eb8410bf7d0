package dev.mero4j.node;

/** Another swap is running; one swap at a time. */
public final class SwapInProgressException extends SwapException {
  private static final long serialVersionUID = 1L;

  public SwapInProgressException(String message) {
    super(message);
  }
}
