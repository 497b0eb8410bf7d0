package dev.mero4j.console.api;

/** Root of the console's errors; the console shows its message as one line. */
public class ConsoleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConsoleException(String message) {
    super(message);
  }

  public ConsoleException(String message, Throwable cause) {
    super(message, cause);
  }
}
