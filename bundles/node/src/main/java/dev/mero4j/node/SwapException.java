package dev.mero4j.node;

/** Root of the errors of a provider swap; the node keeps running on the provider it had. */
public class SwapException extends NodeException {
  private static final long serialVersionUID = 1L;

  public SwapException(String message) {
    super(message);
  }

  public SwapException(String message, Throwable cause) {
    super(message, cause);
  }
}
