package dev.mero4j.cli.internal.app;

/**
 * An {@code app} command failed; the message is shown as one line and the exit code is the
 * command's.
 */
final class AppException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  AppException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
