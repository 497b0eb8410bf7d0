package dev.mero4j.node.internal.swap;

/**
 * A transport swap switched to a provider instance that went away before the job finished: the job
 * ends {@link dev.mero4j.node.SwapJob.Phase#SUPERSEDED}, not rolled back, and the job for the newer
 * instance takes over.
 */
final class SwapSupersededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SwapSupersededException(String message, Throwable cause) {
    super(message, cause);
  }
}
