package dev.mero4j.wasm.api;

/** A call ran longer than {@link CallLimits#wallClock()} and was stopped by the watchdog. */
public class WallClockTimeoutException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public WallClockTimeoutException(String message, long limit) {
    super(message, limit);
  }

  public WallClockTimeoutException(String message, long limit, Throwable cause) {
    super(message, limit, cause);
  }
}
