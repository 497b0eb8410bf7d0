package dev.mero4j.wasm.api;

/** A module larger than {@link WasmLimits#maxModuleBytes()}. */
public class ModuleTooLargeException extends InvalidModuleException {
  private static final long serialVersionUID = 1L;

  public ModuleTooLargeException(String message) {
    super(message);
  }

  public ModuleTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
