package dev.mero4j.runtime.api;

/**
 * A method that writes was asked to run against a past state ({@code at}): only read-only methods
 * can.
 */
public class ReadOnlyRequiredException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyRequiredException(String message) {
    super(message);
  }
}
