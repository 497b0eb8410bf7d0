package dev.mero4j.wasm.api;

/**
 * A host function failed with an exception that is not a {@link WasmException}; the cause is
 * attached.
 */
public class HostFunctionException extends WasmException {
  private static final long serialVersionUID = 1L;

  public HostFunctionException(String message) {
    super(message);
  }

  public HostFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
