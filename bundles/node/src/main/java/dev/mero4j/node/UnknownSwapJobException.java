package dev.mero4j.node;

/** No swap job has the given id. */
public final class UnknownSwapJobException extends SwapException {
  private static final long serialVersionUID = 1L;

  public UnknownSwapJobException(String message) {
    super(message);
  }
}
