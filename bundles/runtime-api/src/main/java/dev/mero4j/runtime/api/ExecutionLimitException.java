package dev.mero4j.runtime.api;

/**
 * A call exceeded a resource limit (instructions, memory, time, sizes); all its writes were
 * discarded.
 */
public class ExecutionLimitException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public ExecutionLimitException(String message) {
    super(message);
  }

  public ExecutionLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
