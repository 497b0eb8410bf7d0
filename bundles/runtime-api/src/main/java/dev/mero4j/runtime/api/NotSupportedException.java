package dev.mero4j.runtime.api;

/**
 * The operation exists in the API but this node's {@link ContextService} does not implement it (for
 * example a test double or an embedding that leaves time travel out).
 */
public class NotSupportedException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public NotSupportedException(String message) {
    super(message);
  }

  /** The standard message for {@code operation} on {@code service}. */
  static NotSupportedException of(String operation, Object service) {
    return new NotSupportedException(
        operation + " is not supported by this node (" + service.getClass().getName() + ")");
  }
}
