package dev.mero4j.wasm.api;

/**
 * Bytes that are not a valid WebAssembly module, or a module using a feature the engines do not
 * support.
 */
public class InvalidModuleException extends WasmException {
  private static final long serialVersionUID = 1L;

  public InvalidModuleException(String message) {
    super(message);
  }

  public InvalidModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
