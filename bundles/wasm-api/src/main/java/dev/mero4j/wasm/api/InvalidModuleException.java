package dev.mero4j.wasm.api;

/** Bytes that are not a valid module, or a module that breaks the ABI (missing exports, wrong signatures, unknown imports, too large). */
public class InvalidModuleException extends WasmException {
  private static final long serialVersionUID = 1L;

  public InvalidModuleException(String message) {
    super(message);
  }

  public InvalidModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
