package dev.mero4j.wasm.api;

/** A call nested guest function calls deeper than {@link CallLimits#maxCallDepth()}. */
public class CallDepthExceededException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public CallDepthExceededException(String message, long limit) {
    super(message, limit);
  }

  public CallDepthExceededException(String message, long limit, Throwable cause) {
    super(message, limit, cause);
  }
}
