package dev.mero4j.cli.internal;

/**
 * The launcher could not assemble or boot the node (missing bundle, framework failure, timeout).
 */
public final class LaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
