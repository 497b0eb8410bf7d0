package dev.mero4j.runtime.internal.host;

import dev.mero4j.wasm.api.TrapException;

/**
 * The guest broke the host ABI: a bad handle, a kind mismatch, an index out of range, bad UTF-8.
 */
public final class AbiViolationException extends TrapException {
  private static final long serialVersionUID = 1L;

  public AbiViolationException(String message) {
    super(message);
  }
}
