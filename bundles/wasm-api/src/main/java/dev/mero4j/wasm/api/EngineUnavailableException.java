package dev.mero4j.wasm.api;

/** The engine cannot run on this machine, for example because its native library did not load. */
public class EngineUnavailableException extends WasmException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message) {
    super(message);
  }

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
