package dev.mero4j.wasm.api;

/** A call named a function the module does not export. */
public class NoSuchExportException extends WasmException {
  private static final long serialVersionUID = 1L;

  public NoSuchExportException(String message) {
    super(message);
  }

  public NoSuchExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
