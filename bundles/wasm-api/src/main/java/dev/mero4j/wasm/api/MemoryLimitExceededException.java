package dev.mero4j.wasm.api;

/**
 * A module declared, or a call tried to grow to, more linear memory than {@link
 * WasmLimits#maxMemoryBytes()}.
 */
public class MemoryLimitExceededException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public MemoryLimitExceededException(String message, long limit) {
    super(message, limit);
  }

  public MemoryLimitExceededException(String message, long limit, Throwable cause) {
    super(message, limit, cause);
  }
}
