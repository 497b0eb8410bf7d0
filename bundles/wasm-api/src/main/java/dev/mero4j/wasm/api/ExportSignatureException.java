package dev.mero4j.wasm.api;

/** A call passed arguments that do not match the exported function's parameters. */
public class ExportSignatureException extends WasmException {
  private static final long serialVersionUID = 1L;

  public ExportSignatureException(String message) {
    super(message);
  }

  public ExportSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
