package dev.mero4j.wasm.api;

/** A read or write outside the guest's linear memory. */
public class InvalidMemoryAccessException extends TrapException {
  private static final long serialVersionUID = 1L;

  public InvalidMemoryAccessException(String message) {
    super(message);
  }

  public InvalidMemoryAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
