package dev.mero4j.wasm.api;

/** A call ran out of instructions, memory, time or another capped resource. */
public class ResourceLimitException extends WasmException {
  private static final long serialVersionUID = 1L;

  public ResourceLimitException(String message) {
    super(message);
  }

  public ResourceLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
