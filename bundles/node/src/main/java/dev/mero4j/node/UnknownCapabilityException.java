package dev.mero4j.node;

/** The capability named in a swap is not one the node can swap ({@code storage}, {@code wasm}). */
public final class UnknownCapabilityException extends SwapException {
  private static final long serialVersionUID = 1L;

  public UnknownCapabilityException(String message) {
    super(message);
  }
}
