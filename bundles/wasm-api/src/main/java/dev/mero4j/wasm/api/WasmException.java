package dev.mero4j.wasm.api;

/** Root of the errors raised by WASM engines. */
public class WasmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WasmException(String message) {
    super(message);
  }

  public WasmException(String message, Throwable cause) {
    super(message, cause);
  }
}
