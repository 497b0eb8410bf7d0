package dev.mero4j.wasm.api;

/** Guest code trapped: unreachable, out-of-bounds access, division by zero, bad indirect call. */
public class TrapException extends WasmException {
  private static final long serialVersionUID = 1L;

  public TrapException(String message) {
    super(message);
  }

  public TrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
