package dev.mero4j.wasm.api;

/** A call ran out of a capped resource; {@link #limit()} is the cap that was hit. */
public class ResourceLimitException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  public ResourceLimitException(String message, long limit) {
    super(message);
    this.limit = limit;
  }

  public ResourceLimitException(String message, long limit, Throwable cause) {
    super(message, cause);
    this.limit = limit;
  }

  /**
   * The configured cap, in the unit of the resource (instructions, bytes, frames, milliseconds).
   */
  public long limit() {
    return limit;
  }
}
