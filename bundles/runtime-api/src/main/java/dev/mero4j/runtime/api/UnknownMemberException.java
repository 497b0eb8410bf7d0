package dev.mero4j.runtime.api;

/** The key is not a member of the context. */
public class UnknownMemberException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownMemberException(String message) {
    super(message);
  }

  public UnknownMemberException(String message, Throwable cause) {
    super(message, cause);
  }
}
