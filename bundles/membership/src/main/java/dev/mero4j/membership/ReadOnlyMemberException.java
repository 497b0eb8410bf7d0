package dev.mero4j.membership;

/** An author who was a read-only member in the governance state its write points at. */
public class ReadOnlyMemberException extends NotAMemberException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyMemberException(String message) {
    super(message);
  }

  public ReadOnlyMemberException(String message, Throwable cause) {
    super(message, cause);
  }
}
