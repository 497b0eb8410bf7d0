package dev.mero4j.runtime.api;

/** A read-only member tried to write; nothing was committed. */
public class ReadOnlyMemberException extends UnauthorizedException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyMemberException(String message) {
    super(message);
  }

  public ReadOnlyMemberException(String message, Throwable cause) {
    super(message, cause);
  }
}
