package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleException;

/** The console cannot attach: no node listens, or its socket is not safe to trust. */
public class AttachRefusedException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  public AttachRefusedException(String message) {
    super(message);
  }

  public AttachRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
